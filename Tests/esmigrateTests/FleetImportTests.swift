import ESTestSupport
import Foundation
import Testing

/// `import` of one list into several accounts with one token, against `esmigrate serve`, end to end.
@Suite("Fleet import (end to end)", .serialized)
struct FleetImportTests {
    static func blockList(_ dir: URL, count: Int) throws -> String {
        var text = "Blocked_Sender, Notes\n"
        for i in 0..<count { text += "b\(i)@baseline.example, baseline \(i)\n" }
        let url = dir.appendingPathComponent("baseline.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("--all-accounts pushes a baseline list to every account, one journal each; a re-run changes nothing")
    func baseline() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--account", "t1", "--account", "t2", "--account", "t3"])
        let input = try Self.blockList(dir, count: 12)
        var env = server.environment(account: "t1")
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        let first = try await NormalizeCommandTests.run(
            ["import", input, "--all-accounts", "--parallel-accounts", "2", "--report", "report.json", "--progress", "none"],
            cwd: dir, environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let again = try await NormalizeCommandTests.run(["import", input, "--all-accounts", "--dry-run"], cwd: dir,
                                                        environment: env)
        let stats = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        #expect(again.status == 0, "nothing left to change in any account: \(again.stderr)")
        // The server's count: 12 records created in each of the 3 accounts, in one batch request each.
        #expect(stats.endpoints["POST block_senders/batch"]?["200"] == 3, "\(stats.endpoints)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json")))
            as? [String: Any]
        let accounts = report?["accounts"] as? [[String: Any]] ?? []
        #expect(accounts.compactMap { $0["account"] as? String } == ["t1", "t2", "t3"])
        let journals = Set(accounts.compactMap { $0["journal"] as? String })
        #expect(journals.count == 3, "one journal per account: \(journals)")
        for account in accounts {
            let counts = (account["report"] as? [String: Any])?["counts"] as? [String: [String: Int]]
            #expect(counts?["block_senders"]?["done"] == 12, "\(account)")
        }
    }

    @Test("An account the token may not write fails alone: exit 77, the others are imported")
    func oneRefused() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--token", "made-up-bound-token@t1,t2"])
        let input = try Self.blockList(dir, count: 5)
        var env = server.environment(account: "t1")
        env["CLOUDFLARE_API_TOKEN"] = "made-up-bound-token"
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        let r = try await NormalizeCommandTests.run(
            ["import", input, "--account-id", "t1", "--account-id", "t3", "--account-id", "t2", "--progress", "none"],
            cwd: dir, environment: env)
        let stats = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains("1 of 3 accounts are not done"), "\(r.stderr)")
        #expect(stats.endpoints["POST block_senders/batch"]?["200"] == 2, "t1 and t2 imported: \(stats.endpoints)")
    }

    @Test("restore clones one backup into several accounts; importing the backup's source there then changes nothing")
    func restoreIntoEach() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let input = try Self.blockList(dir, count: 9)
        var env = server.environment(account: "t1")
        let seeded = try await NormalizeCommandTests.run(["import", input, "--progress", "none"], cwd: dir, environment: env)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let exported = try await NormalizeCommandTests.run(["export", "--out", "backup"], cwd: dir, environment: env)
        #expect(exported.status == 0, "\(exported.stderr)")
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        let restored = try await NormalizeCommandTests.run(
            ["restore", "backup", "--account-id", "t2", "--account-id", "t3", "--progress", "none"], cwd: dir,
            environment: env)
        #expect(restored.status == 0, "\(restored.stderr)")
        let check = try await NormalizeCommandTests.run(
            ["import", input, "--account-id", "t2", "--account-id", "t3", "--dry-run"], cwd: dir, environment: env)
        let stats = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        #expect(check.status == 0, "the clones hold the list already: \(check.stderr)")
        // t1's import and the two restores: one batch each.
        #expect(stats.endpoints["POST block_senders/batch"]?["200"] == 3, "\(stats.endpoints)")
    }
}

import ESTestSupport
import Foundation
import Testing

/// `plan` of one input against several accounts, against `esmigrate serve`, end to end.
@Suite("Fleet plan (end to end)", .serialized)
struct FleetPlanTests {
    @Test("Planned against each account: a table each, --plan-out lines per account, exit 2 when any has changes")
    func perAccount() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--account", "t2"])
        let input = try FleetImportTests.blockList(dir, count: 7)
        var env = server.environment(account: "t1")
        let seeded = try await NormalizeCommandTests.run(["import", input, "--progress", "none"], cwd: dir, environment: env)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        let r = try await NormalizeCommandTests.run(["plan", input, "--all-accounts", "--plan-out", "plan.jsonl"],
                                                    cwd: dir, environment: env)
        await server.stop()
        #expect(r.status == 2, "t2 has changes pending: \(r.stderr)")
        #expect(r.stderr.contains("account t1:") && r.stderr.contains("account t2:"), "\(r.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("plan.jsonl"), encoding: .utf8)
            .split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let per = Dictionary(grouping: lines) { "\($0["account"] ?? "?")/\($0["action"] ?? "?")" }.mapValues(\.count)
        #expect(per == ["t1/unchanged": 7, "t2/create": 7], "\(per)")
    }

    @Test("An account the token may not read is reported; the other is planned; exit 77")
    func oneRefused() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--token", "made-up-bound-token@t1,t2"])
        let input = try FleetImportTests.blockList(dir, count: 3)
        var env = server.environment(account: "t1")
        env["CLOUDFLARE_API_TOKEN"] = "made-up-bound-token"
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        let r = try await NormalizeCommandTests.run(["plan", input, "--account-id", "t3", "--account-id", "t1"],
                                                    cwd: dir, environment: env)
        await server.stop()
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains("account t1:"), "t1 planned after t3 failed: \(r.stderr)")
        #expect(r.stderr.contains("1 of 2 accounts could not be planned"), "\(r.stderr)")
    }
}

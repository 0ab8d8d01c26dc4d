import ESTestSupport
import Foundation
import Testing

/// `export` of several accounts with one token, against `esmigrate serve`, end to end.
@Suite("Fleet export (end to end)", .serialized)
struct FleetExportTests {
    static func run(_ arguments: [String], server: ServedEmulator, token: String, cwd: URL) async throws
        -> NormalizeCommandTests.Run
    {
        var env = server.environment(account: "t1")
        env["CLOUDFLARE_API_TOKEN"] = token
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        return try await NormalizeCommandTests.run(arguments, cwd: cwd, environment: env)
    }

    @Test("--all-accounts backs up every visible account into OUT/<id>/, writes fleet.json, and verify checks each")
    func allAccounts() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--account", "t2=Tenant Two", "--account", "t3"])
        // t1 holds the records of the M365 sample (some of its rows are rejected: exit 65), counted
        // independently by normalize.
        let sample = BackupCommandTests.samples.appendingPathComponent("m365-tenant-allow-block-list.csv").path
        let seeded = try await NormalizeCommandTests.run(["import", sample, "--progress", "none"], cwd: dir,
                                                         environment: server.environment(account: "t1"))
        #expect(seeded.status == 65, "\(seeded.stderr)")
        let normalized = try await NormalizeCommandTests.run(["normalize", sample, "--out", "-"])
        let records = normalized.stdout.split(separator: "\n").count

        let exported = try await Self.run(["export", "--all-accounts", "--out", "fleet", "--parallel-accounts", "2"],
                                          server: server, token: ServedEmulator.token, cwd: dir)
        // Every account the token sees has a sound backup; an account listed by hand without one is reported.
        let everyTenant = try await Self.run(["verify", "fleet", "--all-accounts"], server: server,
                                             token: ServedEmulator.token, cwd: dir)
        await server.stop()
        #expect(everyTenant.status == 0, "\(everyTenant.stderr)")
        #expect(everyTenant.stderr.contains("3 of 3 accounts have complete and unchanged backups"), "\(everyTenant.stderr)")
        let missing = try await NormalizeCommandTests.run(["verify", "fleet", "--account-id", "t2", "--account-id", "t9"],
                                                          cwd: dir)
        #expect(missing.status == 65, "\(missing.stderr)")
        #expect(missing.stderr.contains("account t9 has no backup") && missing.stderr.contains("1 of 2 accounts"),
                "\(missing.stderr)")
        #expect(exported.status == 0, "\(exported.stderr)")
        let fleet = dir.appendingPathComponent("fleet")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: fleet.appendingPathComponent("fleet.json")))
            as? [String: Any]
        let accounts = summary?["accounts"] as? [[String: Any]] ?? []
        #expect(accounts.compactMap { $0["account"] as? String } == ["t1", "t2", "t3"])
        #expect(accounts.allSatisfy { $0["status"] as? String == "ok" })
        #expect(records > 0 && accounts.first?["records"] as? Int == records)
        for id in ["t1", "t2", "t3"] {
            let manifest = try JSONSerialization.jsonObject(
                with: Data(contentsOf: fleet.appendingPathComponent("\(id)/manifest.json"))) as? [String: Any]
            #expect(manifest?["account_id"] as? String == id)
        }
        let verified = try await NormalizeCommandTests.run(["verify", "fleet"], cwd: dir)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stderr.contains("3 of 3 backups are complete and unchanged"))
    }

    @Test("An account the token may not read fails alone: exit 77, the other account's backup is complete")
    func oneRefused() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--token", "made-up-bound-token@t1,t2"])
        let r = try await Self.run(["export", "--account-id", "t1", "--account-id", "t3", "--out", "fleet"],
                                   server: server, token: "made-up-bound-token", cwd: dir)
        await server.stop()
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains("1 of 2 accounts backed up"))
        let fleet = dir.appendingPathComponent("fleet")
        #expect(FileManager.default.fileExists(atPath: fleet.appendingPathComponent("t1/manifest.json").path))
        #expect(!FileManager.default.fileExists(atPath: fleet.appendingPathComponent("t3").path))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: fleet.appendingPathComponent("fleet.json")))
            as? [String: Any]
        let accounts = summary?["accounts"] as? [[String: Any]] ?? []
        #expect(accounts.map { "\($0["account"] ?? "")=\($0["status"] ?? "")" } == ["t1=ok", "t3=failed"], "\(accounts)")
        #expect((accounts.last?["error"] as? String)?.contains("403") == true, "\(accounts)")
        // verify finds the one backup there is.
        let verified = try await NormalizeCommandTests.run(["verify", "fleet"], cwd: dir)
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test("Single-account commands refuse several --account-id")
    func oneAccountCommands() async throws {
        for command in [["delete", "block_senders", "--all"], ["domains", "unprotect", "--all"]] {
            let r = try await NormalizeCommandTests.run(command + ["--account-id", "a1", "--account-id", "a2"])
            #expect(r.status == 64, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("one account at a time"), "\(command): \(r.stderr)")
        }
    }
}

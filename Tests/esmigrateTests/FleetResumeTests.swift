import ESRecords
import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Fleet runs killed with `kill -9` and run again, against `esmigrate serve` (which outlives the client).
@Suite("Fleet export and import killed and resumed (end to end)", .serialized)
struct FleetResumeTests {
    static func fleetEnvironment(_ server: ServedEmulator) -> [String: String] {
        var env = server.environment(account: "t1")
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        return env
    }

    @Test("kill -9 during the second account of a fleet export: the re-run keeps the first backup, exports the rest")
    func exportResumed() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let env = Self.fleetEnvironment(server)
        let input = try FleetImportTests.blockList(dir, count: 30)
        let seeded = try await NormalizeCommandTests.run(
            ["import", input, "--account-id", "t1", "--account-id", "t2", "--account-id", "t3", "--progress", "none"],
            cwd: dir, environment: env)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let arguments = ["export", "--account-id", "t1", "--account-id", "t2", "--account-id", "t3", "--out", "fleet",
                         "--parallel-accounts", "1", "--progress", "json"]
        // One account at a time: t2's first collection event comes after t1's backup is in place and fleet.json
        // says so. The kill lands there.
        let trigger = ChildProcess.LineTrigger(marker: #""account":"t2""#, count: 1, signal: SIGKILL)
        let killed = try ChildProcess(arguments, cwd: dir, environment: env, trigger: trigger)
        #expect(await killed.exited() == 137)
        #expect(trigger.fired, "the export finished before t2 began")
        let fleet = dir.appendingPathComponent("fleet")
        let firstManifest = try Data(contentsOf: fleet.appendingPathComponent("t1/manifest.json"))
        #expect(!FileManager.default.fileExists(atPath: fleet.appendingPathComponent("t2/manifest.json").path))
        let interrupted = try String(contentsOf: fleet.appendingPathComponent("fleet.json"), encoding: .utf8)
        #expect(interrupted.contains(#""finished_at":null"#), "\(interrupted)")
        // The killed run left t2's staging folder: the resume removes it and says so.
        let staging = try FileManager.default.contentsOfDirectory(atPath: fleet.path).filter { $0.hasPrefix(".t2.partial-") }
        #expect(staging.count == 1, "\(staging)")

        let before = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        let resumed = try await NormalizeCommandTests.run(Array(arguments.dropLast(2)), cwd: dir, environment: env)
        let after = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("1 of 3 accounts were backed up by it and are kept (t1)"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("removed \(fleet.path)/\(staging.first ?? "?"), left by an export that was stopped"),
                "\(resumed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: fleet.path).allSatisfy { !$0.contains(".partial-") })
        // t1 was not exported again: its backup is the same bytes, and the server answered list requests for two
        // accounts only (5 collections each, one page each).
        #expect(try Data(contentsOf: fleet.appendingPathComponent("t1/manifest.json")) == firstManifest)
        let lists = { (s: EmulatorFixture.ServerStats) in
            s.endpoints.filter { $0.key.hasPrefix("GET ") && !$0.key.contains("accounts") }
                .reduce(0) { $0 + ($1.value["200"] ?? 0) }
        }
        #expect(lists(after) - lists(before) == 10, "\(after.endpoints)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: fleet.appendingPathComponent("fleet.json")))
            as? [String: Any]
        #expect(summary?["finished_at"] is String)
        let accounts = summary?["accounts"] as? [[String: Any]] ?? []
        #expect(accounts.map { $0["status"] as? String } == ["ok", "ok", "ok"], "\(accounts)")
        #expect(accounts.map { $0["resumed"] as? Bool } == [true, nil, nil], "\(accounts)")
        #expect(accounts.map { $0["records"] as? Int } == [30, 30, 30], "\(accounts)")
        let verified = try await NormalizeCommandTests.run(["verify", "fleet"], cwd: dir)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stderr.contains("3 of 3 backups are complete and unchanged"), "\(verified.stderr)")
    }

    /// The kill lands after a seeded random number of progress events (one per journaled record, over every
    /// account), so it falls mid-run on any machine.
    @Test("kill -9 in the middle of a fleet import: the re-run completes every account, each record exactly once")
    func importResumed() async throws {
        let seed: UInt64 = 20_261_129
        var random = SplitMix64(seed: seed)
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let env = Self.fleetEnvironment(server)
        let input = try FleetImportTests.blockList(dir, count: 200)
        let arguments = ["import", input, "--account-id", "t1", "--account-id", "t2", "--account-id", "t3",
                         "--parallel-accounts", "2", "--batch", "off", "--concurrency", "4", "--rate", "2000/1s"]
        var kills = 0
        for _ in 0..<3 {
            let trigger = ChildProcess.LineTrigger(marker: #""event":"progress""#, count: Int.random(in: 20...150, using: &random),
                                                   signal: SIGKILL)
            let p = try ChildProcess(arguments + ["--progress", "json"], cwd: dir, environment: env, trigger: trigger)
            let status = await p.exited()
            if trigger.fired {
                kills += 1
                #expect(status == 137, "seed \(seed)")
            }
        }
        #expect(kills == 3, "seed \(seed): the import finished before its kill point")
        let last = try await NormalizeCommandTests.run(arguments + ["--progress", "none"], cwd: dir, environment: env)
        #expect(last.status == 0, "seed \(seed): \(last.stderr)")
        let check = try await NormalizeCommandTests.run(
            ["plan", input, "--account-id", "t1", "--account-id", "t2", "--account-id", "t3", "--mode", "upsert"],
            cwd: dir, environment: env)
        let stats = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        #expect(check.status == 0, "seed \(seed): nothing missing in any account: \(check.stderr)")
        #expect(!check.stderr.contains("conflict:"), "seed \(seed): no duplicate: \(check.stderr)")
        // The server's own count: every record created once in each account, never twice.
        #expect(stats.endpoints["POST block_senders"]?["201"] == 600, "seed \(seed): \(stats.endpoints)")
    }
}

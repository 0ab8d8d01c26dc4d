import ESAPI
import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Long waits are announced and end at once on SIGTERM; a ledger another user owns is refused with the reason.
@Suite("Long waits and shared ledgers (end to end)", .serialized)
struct LongWaitTests {
    /// The pause is left in the ledger by "another process" (this test): before, the import waited ten minutes
    /// without a line, and SIGTERM did not end the wait. The independent facts: the server's request count, the
    /// exit status, and the second run's creates.
    @Test("A pause left by another process is logged with its reason; SIGTERM ends it at once (143); a re-run completes",
          .timeLimit(.minutes(2)))
    func pauseThenSigterm() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let input = try FleetImportTests.blockList(dir, count: 5)
        let ledger = dir.appendingPathComponent("budgets").path
        try BudgetLedger.open(directory: ledger, credentials: .apiToken(ServedEmulator.token))
            .pause(for: .seconds(600), interval: .seconds(1), tolerance: .zero)
        var env = server.environment(account: "acc1")
        env["ESMIGRATE_BUDGET_LEDGER"] = ledger
        let journal = dir.appendingPathComponent("wait.journal").path
        let arguments = ["import", input, "--batch", "off", "--progress", "none", "--journal", journal]

        let trigger = ChildProcess.LineTrigger(marker: "for a rate-limit pause", count: 1, signal: SIGTERM)
        let child = try ChildProcess(arguments + ["--log-format", "json"], cwd: dir, environment: env, trigger: trigger)
        let status = await child.exited()
        #expect(trigger.fired, "the wait was not announced")
        #expect(status == 143, "SIGTERM during the pause: exit \(status)")
        let stats = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        #expect((stats.counters["requests"] ?? -1) == 0, "nothing is sent during the pause: \(stats.counters)")

        // The announcement is one JSON line naming the reason, the end and the wait.
        let line = try #require(trigger.matchedLines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let metadata = try #require(object["metadata"] as? [String: Any], "\(line)")
        #expect(metadata["until"] != nil && Int(metadata["wait_s"] as? String ?? "") ?? 0 > 500, "\(line)")

        try FileManager.default.removeItem(atPath: ledger)
        let again = try await NormalizeCommandTests.run(arguments, cwd: dir, environment: env)
        let after = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(after.answers(status: 201) == 5, "\(after.endpoints)")
    }

    /// Before, the second user was told "the key file is not 32 bytes; remove it" for a key it could not read,
    /// and following that advice broke the first user's ledger. As root the second user is `nobody` (setpriv);
    /// otherwise the key is made unreadable to this user.
    @Test("A ledger folder whose key another user owns: refused as a permission problem, naming the path; the key stays")
    func foreignKey() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("shared").path
        _ = try BudgetLedger.open(directory: ledger, credentials: .apiToken("made-up-first-user-token"))
        let key = ledger + "/.key"
        let before = try Data(contentsOf: URL(fileURLWithPath: key))
        // The folder as a shared /tmp-like folder: anyone may enter and create, the key stays private.
        #expect(chmod(dir.path, 0o755) == 0 && chmod(ledger, 0o1777) == 0)
        var env = ProcessInfo.processInfo.environment
        env["CLOUDFLARE_API_TOKEN"] = "made-up-second-user-token"
        env["CLOUDFLARE_ACCOUNT_ID"] = "acc1"
        env["CLOUDFLARE_BASE_URL"] = "http://127.0.0.1:9/client/v4"
        env["ESMIGRATE_BUDGET_LEDGER"] = ledger
        let arguments = ["export", "--out", "/tmp/never-written-\(UUID().uuidString)"]
        let run: NormalizeCommandTests.Run
        if getuid() == 0 {
            // A copy in a folder anyone may enter: the build folder's parents may be private.
            let binary = dir.appendingPathComponent("esmigrate").path
            try FileManager.default.copyItem(atPath: ChildProcess.esmigrate.path, toPath: binary)
            run = try await NormalizeCommandTests.run(
                ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments,
                cwd: URL(fileURLWithPath: "/"), environment: env, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        } else {
            #expect(chmod(key, 0) == 0)
            run = try await NormalizeCommandTests.run(arguments, cwd: dir, environment: env)
            chmod(key, 0o600)
        }
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("permission denied on \(key)"), "\(run.stderr)")
        #expect(!run.stderr.contains("remove it"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == before)
    }

    /// Before, a server that accepted and never answered gave one retry line a minute and exit 1 after 375 s
    /// ("Deadline exceeded after 6 attempts"). `serve --latency` holds every answer far past `--timeout 1`.
    @Test("A server that never answers in --timeout: exit 75 (temporary), naming the host and the timeout")
    func silentServer() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--latency", "120s"])
        let r = try await NormalizeCommandTests.run(["export", "--out", "backup", "--timeout", "1"], cwd: dir,
                                                    environment: server.environment(account: "silent"))
        await server.stop()
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("no answer from http://127.0.0.1:\(server.port)/client/v4 (timed out)"), "\(r.stderr)")
        #expect(r.stderr.contains("each attempt given 1 s (--timeout)"), "\(r.stderr)")
        #expect(r.stderr.contains("run the same command again"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("backup").path))
        let refused = try await NormalizeCommandTests.run(["export", "--out", "b", "--timeout", "0"], cwd: dir,
                                                          environment: server.environment(account: "silent"))
        #expect(refused.status == 64, "\(refused.stderr)")
    }
}

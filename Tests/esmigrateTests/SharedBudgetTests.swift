import AsyncHTTPClient
import ESAPI
import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Processes that use one credential spend one budget through the ledger: counted by the server.
@Suite("Shared budget across processes (end to end)", .serialized)
struct SharedBudgetTests {
    @Test("Four imports with one token, each given the whole budget, into four accounts: 0 × 429 on the server")
    func fourImports() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The server's budget is the clients' (each is given all of it); a 429 would lock the token out for 5 s.
        let server = try await ServedEmulator(directory: dir, options: ["--rate", "20/2s", "--lockout", "5"])
        var text = "Blocked_Sender, Notes\n"
        for i in 0..<20 { text += "s\(i)@shared-budget.example, row \(i)\n" }
        let input = dir.appendingPathComponent("block.csv")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let ledger = dir.appendingPathComponent("budgets").path

        func importer(_ account: String) throws -> (ChildProcess, URL) {
            var env = server.environment(account: account)
            env["ESMIGRATE_BUDGET_LEDGER"] = ledger
            let log = dir.appendingPathComponent("\(account).err")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let child = try ChildProcess(["import", input.path, "--batch", "off", "--rate", "20/2s", "--progress", "none",
                                          "--journal", dir.appendingPathComponent("\(account).journal").path],
                                         cwd: dir, environment: env, stderr: try FileHandle(forWritingTo: log))
            return (child, log)
        }
        // Without the ledger, four such processes race for the window's last requests (measured: 429s, and a
        // lockout); the two-process case is already kept under the limit by the servers' Ratelimit headers.
        let runs = try ["acc1", "acc2", "acc3", "acc4"].map(importer)
        var statuses: [Int32] = []
        for (child, _) in runs { statuses.append(await child.exited()) }
        let stats = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        for ((_, log), status) in zip(runs, statuses) {
            let stderr = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(status == 0, "\(stderr)")
        }
        #expect(stats.answers(status: 429) == 0, "\(stats.endpoints)")
        #expect(stats.answers(status: 201) == 80, "\(stats.endpoints)")
        // One ledger file for the one credential, beside the key; neither is named after the token.
        let files = try FileManager.default.contentsOfDirectory(atPath: ledger).sorted()
        #expect(files.count == 2 && files.contains(".key"), "\(files)")
        #expect(files.allSatisfy { !$0.contains(ServedEmulator.token) })
    }

    /// The independent fact is the server's count of 429s: during its lockout it answers every request of the
    /// token with a 429, so a second process that did not honour the first one's pause would add to it.
    @Test("A 429 seen by one process pauses another that shares the ledger: it sends nothing during the lockout")
    func pauseAcrossProcesses() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Burst 3, one more every 2 s: four bare requests get a 429 however slow the machine is (they would need
        // 2 s between two of them), and the three used are refilled when the 6 s lockout ends.
        let server = try await ServedEmulator(directory: dir, options: ["--rate", "3/6s", "--lockout", "6"])
        let ledger = dir.appendingPathComponent("budgets").path
        func list(_ name: String, _ count: Int) throws -> String {
            var text = "Blocked_Sender, Notes\n"
            for i in 0..<count { text += "\(name)\(i)@pause.example, row \(i)\n" }
            let url = dir.appendingPathComponent("\(name).csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        // Clients pace themselves by the server's Ratelimit headers, so the lockout is started here: four bare
        // requests with the token against a burst of three.
        let transport = AsyncHTTPClientTransport(client: .shared)
        let url = "http://127.0.0.1:\(server.port)/client/v4/accounts/acc1/email-security/settings/block_senders"
        var statuses: [Int] = []
        for _ in 0..<4 {
            let response = try await transport.send(
                HTTPRequest(method: "GET", url: url, headers: [Header("Authorization", "Bearer \(ServedEmulator.token)")]),
                timeout: .seconds(30))
            statuses.append(response.status)
        }
        #expect(statuses.last == 429, "\(statuses)")
        var envA = server.environment(account: "acc1")
        envA["ESMIGRATE_BUDGET_LEDGER"] = ledger
        // The first process is killed as soon as it says it paused (the pause is in the ledger by then).
        let trigger = ChildProcess.LineTrigger(marker: "rate limited; all requests pause", count: 1, signal: SIGKILL)
        let a = try ChildProcess(["import", try list("a", 10), "--batch", "off", "--rate", "100/1s", "--progress", "none",
                                  "--journal", dir.appendingPathComponent("a.journal").path],
                                 cwd: dir, environment: envA, trigger: trigger)
        _ = await a.exited()
        #expect(trigger.fired, "the first process never saw a 429")
        let before = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        #expect(before.answers(status: 429) == 2, "the bare request's and the first process's: \(before.endpoints)")

        var envB = server.environment(account: "acc2")
        envB["ESMIGRATE_BUDGET_LEDGER"] = ledger
        let b = try await NormalizeCommandTests.run(
            ["import", try list("b", 5), "--batch", "on", "--rate", "3/1s", "--progress", "none",
             "--journal", dir.appendingPathComponent("b.journal").path], cwd: dir, environment: envB)
        let after = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        #expect(b.status == 0, "\(b.stderr)")
        #expect(after.answers(status: 429) == 2, "the second process sent during the lockout: \(after.endpoints)")
        #expect(after.endpoints["POST block_senders/batch"]?["200"] == 1, "\(after.endpoints)")
    }
}

import ESTestSupport
import Foundation
import Testing

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
}

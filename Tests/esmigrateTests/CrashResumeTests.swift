import ESRecords
import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Interrupting an import — politely (SIGINT) or not (kill -9) — never costs a record or duplicates one.
@Suite("Import interrupted and resumed (end to end, sandbox)", .serialized)
struct CrashResumeTests {
    static func writeInput(_ dir: URL, count: Int) throws -> String {
        var text = "Blocked_Sender, Notes\n"
        for i in 0..<count { text += "sender\(i)@crash.example.com, row \(i)\n" }
        let path = dir.appendingPathComponent("senders.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func start(_ args: [String], in dir: URL) throws -> ChildProcess {
        try ChildProcess(args, cwd: dir)
    }

    /// The live state equals the plan: nothing to change (no missing record) and no conflict (no duplicate).
    static func expectExactlyOnce(_ input: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let plan = try await NormalizeCommandTests.run(["plan", input, "--sandbox", "--mode", "upsert"], cwd: dir)
        #expect(plan.status == 0, "\(plan.stderr)", sourceLocation: sourceLocation)
        #expect(plan.stderr.contains("nothing to change"), sourceLocation: sourceLocation)
        #expect(!plan.stderr.contains("conflict:"), "\(plan.stderr)", sourceLocation: sourceLocation)
    }

    @Test("SIGINT: in-flight requests finish, the journal is consistent, exit 130, and a re-run completes")
    func sigint() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.writeInput(dir, count: 300)
        // 300 requests at 30/s; the signal goes after the 20th journaled write, mid-run on any machine.
        let trigger = ChildProcess.LineTrigger(marker: #""event":"progress""#, count: 20, signal: SIGINT)
        let p = try ChildProcess(["import", input, "--sandbox", "--batch", "off", "--rate", "30/1s", "--concurrency", "4",
                                  "--progress", "json"], cwd: dir, trigger: trigger)
        #expect(await p.exited() == 130)
        #expect(trigger.fired, "the import finished before the signal")
        #expect(!p.diedOfSignal, "the signal came before esmigrate was listening for it")
        let journal = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".esmigrate").path)
            .first { $0.hasPrefix("journal-") && $0.hasSuffix(".sqlite") }!
        let status = try await NormalizeCommandTests.run(["status", "--journal", ".esmigrate/\(journal)"], cwd: dir)
        #expect(status.stderr.contains("sent 0"), "\(status.stderr)")       // nothing left in flight
        #expect(!status.stderr.contains("pending 0 "), "\(status.stderr)")   // work remained
        let resumed = try await NormalizeCommandTests.run(["import", input, "--sandbox", "--batch", "off", "--rate", "2000/1s"],
                                                          cwd: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try await Self.expectExactlyOnce(input, in: dir)
    }


    /// Each run is killed after a seeded random number of its progress events (one per journaled batch or
    /// record), so every kill lands mid-run on any machine, however busy.
    @Test("kill -9 ten times at seeded random points during a 5,000-record import: resumed, exactly once",
          arguments: [(["--batch", "off", "--concurrency", "8"], 20...300),
                      (["--batch", "on", "--batch-size", "50", "--concurrency", "4"], 1...7)])
    func killNine(options: [String], events: ClosedRange<Int>) async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.writeInput(dir, count: 5_000)
        let seed = UInt64(options.count) &* 1_000_003 &+ 20_261_128
        var random = SplitMix64(seed: seed)
        var kills = 0
        for _ in 0..<10 {
            let trigger = ChildProcess.LineTrigger(marker: #""event":"progress""#,
                                                   count: Int.random(in: events, using: &random), signal: SIGKILL)
            let p = try ChildProcess(["import", input, "--sandbox", "--rate", "2000/1s", "--progress", "json"] + options,
                                     cwd: dir, trigger: trigger)
            let status = await p.exited()
            if trigger.fired {
                kills += 1
                #expect(status == 137, "seed \(seed)")
            }
        }
        #expect(kills == 10, "seed \(seed): the import finished before its kill point")
        let last = try await NormalizeCommandTests.run(["import", input, "--sandbox", "--rate", "2000/1s"] + options, cwd: dir)
        #expect(last.status == 0, "seed \(seed): \(last.stderr)")
        try await Self.expectExactlyOnce(input, in: dir)
    }
}

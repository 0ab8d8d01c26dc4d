import ESRecords
import ESTestSupport
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every command that deletes decides the same way without `--yes` (exit 2, "add --yes", nothing changed), and
/// the journal of a selection is named after what it selects, not how the options were spelled.
@Suite("Deletes: one confirmation rule, one journal per selection (end to end)", .serialized)
struct DeleteConfirmationTests {
    typealias CLI = NormalizeCommandTests

    static func expectHeld(_ r: NormalizeCommandTests.Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 2, "\(what): \(r.status) \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains("nothing was changed; add --yes to confirm"), "\(what): \(r.stderr)",
                sourceLocation: sourceLocation)
    }

    @Test("Without --yes: import and restore --mode sync, delete and domains unprotect exit 2 and delete nothing")
    func oneAccount() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = try CleanupCommandTests.senders(dir, name: "big.csv", prefix: "s", domain: "sync.example", count: 5)
        let small = try CleanupCommandTests.senders(dir, name: "small.csv", prefix: "s", domain: "sync.example", count: 2)
        #expect(try await CLI.run(["import", big, "--sandbox", "--progress", "none"], cwd: dir).status == 0)
        let backup = dir.appendingPathComponent("backup").path
        #expect(try await CLI.run(["export", "--sandbox", "--out", backup], cwd: dir).status == 0)
        try await CleanupCommandTests.seedDomains(dir, count: 3)
        let extra = try CleanupCommandTests.senders(dir, name: "extra.csv", prefix: "x", domain: "sync.example", count: 2)
        #expect(try await CLI.run(["import", extra, "--sandbox", "--progress", "none"], cwd: dir).status == 0)

        Self.expectHeld(try await CLI.run(["import", small, "--sandbox", "--mode", "sync"], cwd: dir), "import sync")
        Self.expectHeld(try await CLI.run(["restore", backup, "--sandbox", "--mode", "sync", "--collections",
                                           "block_senders"], cwd: dir), "restore sync")
        Self.expectHeld(try await CLI.run(["delete", "block_senders", "--match", "^s0@", "--sandbox"], cwd: dir), "delete")
        Self.expectHeld(try await CLI.run(["domains", "unprotect", "--domain", "d0.example", "--sandbox"], cwd: dir),
                        "unprotect")
        // Nothing was deleted by any of them, and none left a journal to resume.
        #expect(try await CleanupCommandTests.live(.blockSenders, in: dir).count == 7)
        #expect(try await CleanupCommandTests.live(.domains, in: dir).count == 3)
        let status = try await CLI.run(["import", small, "--sandbox", "--mode", "sync", "--yes", "--progress", "none"],
                                       cwd: dir)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(!status.stderr.contains("resuming"), "\(status.stderr)")
        #expect(try await CleanupCommandTests.live(.blockSenders, in: dir).count == 2)
    }

    @Test("Without --yes a fleet's sync is held in every account: exit 2, status held, nothing deleted")
    func fleet() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--account", "t1", "--account", "t2"])
        var env = server.environment(account: "t1")
        env.removeValue(forKey: "CLOUDFLARE_ACCOUNT_ID")
        let big = try CleanupCommandTests.senders(dir, name: "big.csv", prefix: "s", domain: "sync.example", count: 4)
        let small = try CleanupCommandTests.senders(dir, name: "small.csv", prefix: "s", domain: "sync.example", count: 1)
        let seeded = try await CLI.run(["import", big, "--all-accounts", "--progress", "none"], cwd: dir, environment: env)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let held = try await CLI.run(["import", small, "--all-accounts", "--mode", "sync", "--progress", "none"], cwd: dir,
                                     environment: env)
        let stats = try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        await server.stop()
        Self.expectHeld(held, "fleet sync")
        #expect(held.stderr.split(separator: "\n").filter { $0.contains(" held ") }.count == 2, "\(held.stderr)")
        // The server's own count: no delete reached it, as a batch or one by one.
        let deletes = stats.endpoints.filter { $0.key.hasPrefix("DELETE") }
        #expect(deletes.isEmpty, "\(stats.endpoints)")
        #expect(stats.endpoints["POST block_senders/batch"]?["200"] == 2, "only the seeding batches: \(stats.endpoints)")
    }

    @Test("delete --pattern-type email interrupted, resumed as EMAIL: one journal, the selection deleted exactly once")
    func patternTypeSpelling() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await CleanupCommandTests.seed(dir)     // 300 EMAIL senders at crash.example.com, 100 at other.example
        let domains = dir.appendingPathComponent("domains.csv").path
        // Domain patterns the --match also finds: only --pattern-type keeps them out of the selection.
        try ("Blocked_Sender, Notes\n" + (0..<30).map { "crash\($0).example, domain \($0)\n" }.joined())
            .write(toFile: domains, atomically: true, encoding: .utf8)
        #expect(try await CLI.run(["import", domains, "--sandbox", "--progress", "none"], cwd: dir).status == 0)
        let command = ["delete", "block_senders", "--match", "crash", "--sandbox", "--yes", "--batch-size", "10"]
        // Killed after its 5th journaled batch (of 30): mid-run on any machine.
        let trigger = ChildProcess.LineTrigger(marker: #""event":"progress""#, count: 5, signal: SIGKILL)
        let p = try ChildProcess(command + ["--pattern-type", "email", "--rate", "8/1s", "--progress", "json"], cwd: dir,
                                 trigger: trigger)
        await p.exited()
        #expect(trigger.fired, "the delete finished before it could be interrupted")
        let resumed = try await CLI.run(command + ["--pattern-type", "EMAIL", "--rate", "2000/1s", "--progress", "none"],
                                        cwd: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming"), "\(resumed.stderr)")
        // One journal holds the whole selection, each item done once.
        let journals = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".esmigrate").path)
            .filter { $0.hasPrefix("journal-") && $0.hasSuffix(".sqlite") }
        var deleteJournals: [String: Int] = [:]    // journal → items done, read by SQL beside the tool
        for name in journals {
            let queue = try DatabaseQueue(path: dir.appendingPathComponent(".esmigrate/\(name)").path)
            let done = try await queue.read { db -> Int? in
                guard let inputs = try String.fetchOne(db, sql: "SELECT inputs FROM run"), inputs.hasPrefix("delete")
                else { return nil }
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items WHERE state = 'done'")
            }
            deleteJournals[name] = done
            try queue.close()
        }
        #expect(Array(deleteJournals.values) == [300], "one delete journal with the 300 selected: \(deleteJournals)")
        #expect(resumed.stderr.contains("done 300"), "\(resumed.stderr)")
        let left = CleanupCommandTests.patterns(try await CleanupCommandTests.live(.blockSenders, in: dir))
        #expect(left == Set((0..<100).map { "keep\($0)@other.example" } + (0..<30).map { "crash\($0).example" }))
    }
}

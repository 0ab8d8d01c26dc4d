import ESTestSupport
import Foundation
import GRDB
import Testing

/// A journal row the program cannot read (a newer version's value, a hand edit, a damaged file) stops a resume
/// with the damaged-journal message and exit 74: it never crashes and never skips the row silently.
@Suite("A damaged journal row stops the resume (end to end, sandbox)", .serialized)
struct DamagedJournalTests {
    /// One damage per column the resume reads, applied by SQL to a copy of a finished run's journal.
    static let damages: [(column: String, sql: String)] = [
        ("action", "UPDATE items SET action = 'bogus', state = 'pending' WHERE seq = 1"),
        ("state", "UPDATE items SET state = 'bogus' WHERE seq = 1"),
        ("collection", "UPDATE items SET collection = 'bogus', state = 'pending' WHERE seq = 1"),
        ("record", "UPDATE items SET record = '{\"pattern\": ', state = 'pending' WHERE seq = 1"),
        ("target_id", "UPDATE items SET action = 'delete', target_id = NULL, state = 'sent' WHERE seq = 1"),
    ]

    @Test("Each unreadable column: exit 74 with the damaged message and the row named, for the resume and for status")
    func damagedRow() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try CrashResumeTests.writeInput(dir, count: 20)
        let first = try await NormalizeCommandTests.run(["import", input, "--sandbox", "--journal", "run.sqlite",
                                                         "--progress", "none"], cwd: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let original = try Data(contentsOf: dir.appendingPathComponent("run.sqlite"))
        for damage in Self.damages {
            let name = "damaged-\(damage.column).sqlite"
            try original.write(to: dir.appendingPathComponent(name))
            let queue = try DatabaseQueue(path: dir.appendingPathComponent(name).path)
            try await queue.write { db in try db.execute(sql: damage.sql) }
            try queue.close()
            let resumed = try await NormalizeCommandTests.run(["import", input, "--sandbox", "--journal", name,
                                                               "--progress", "none"], cwd: dir)
            #expect(resumed.status == 74, "\(damage.column): \(resumed.status) \(resumed.stderr)")
            #expect(resumed.stderr.contains("\(name) is not an esmigrate journal, or it is damaged"),
                    "\(damage.column): \(resumed.stderr)")
            #expect(resumed.stderr.contains("item 1"), "\(damage.column): \(resumed.stderr)")
            let status = try await NormalizeCommandTests.run(["status", "--journal", name], cwd: dir)
            #expect(status.status == 74, "\(damage.column): \(status.status) \(status.stderr)")
        }
        // The sandbox still holds the 20 records once each: nothing was sent from a damaged journal.
        try await CrashResumeTests.expectExactlyOnce(input, in: dir)
    }
}

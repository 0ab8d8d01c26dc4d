import ESAPI
import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The budget ledger on real files: two ledgers opened on one file stand for two processes (each has its own
/// open file, so `flock` excludes them from each other as it would processes).
@Suite("Budget ledger")
struct BudgetLedgerTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }

    static func wallNanoseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

    @Test("Two processes reserving in turn get one budget: never more than 10 sends in any second at 10/s")
    func sharedBudget() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/shared.ledger"
        let (a, b) = (try BudgetLedger(path: path), try BudgetLedger(path: path))
        var sends: [Int64] = []
        for i in 0..<60 {
            let before = Self.wallNanoseconds()
            let delay = try (i % 3 == 0 ? a : b).reserve(interval: .milliseconds(100), tolerance: .zero).delay
            sends.append(before + Self.nanoseconds(delay))
        }
        sends.sort()
        // At 10/s without burst, the 11th send after any send is at least a second later (less clock noise).
        for i in 0..<(sends.count - 10) {
            #expect(sends[i + 10] - sends[i] >= 999_000_000, "sends \(i) and \(i + 10) are closer than a second")
        }
        // And the budget was spent, not wasted: 60 sends span about 6 s, not more.
        #expect(sends.last! - sends.first! < 6_100_000_000)
    }

    @Test("A 429 seen by one process pauses the other until retry-after, then no burst")
    func pauseIsShared() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/shared.ledger"
        let (a, b) = (try BudgetLedger(path: path), try BudgetLedger(path: path))
        try a.pause(for: .seconds(30), interval: .milliseconds(100), tolerance: .milliseconds(900))
        let firstSlot = try b.reserve(interval: .milliseconds(100), tolerance: .milliseconds(900))
        let first = firstSlot.delay
        let second = try b.reserve(interval: .milliseconds(100), tolerance: .milliseconds(900)).delay
        #expect(firstSlot.paused, "the pause decided the first wait")
        #expect(first >= .seconds(29) && first <= .seconds(31), "\(first)")
        #expect(second - first >= .milliseconds(99), "resumes one interval apart, without a burst: \(second - first)")
    }

    @Test("A state no clock could have left (a reservation an hour ahead) is discarded, not obeyed")
    func staleState() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/stale.ledger"
        let future = Self.wallNanoseconds() + 5 * 3_600_000_000_000
        let words: [Int64] = [0x4553_4D5F_4C44_4731, future, future]
        try words.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path))
        #expect(try BudgetLedger(path: path).reserve(interval: .seconds(1), tolerance: .zero).delay == .zero)
    }

    @Test("The file is named by a keyed hash: never the token, stable for one credential, distinct for two")
    func fingerprint() throws {
        let parent = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let dir = parent + "/budgets"       // created by the ledger, mode 0700
        let token = "made-up-ledger-token-0123456789abcdef"
        let one = try BudgetLedger.open(directory: dir, credentials: .apiToken(token))
        let again = try BudgetLedger.open(directory: dir, credentials: .apiToken(token))
        let other = try BudgetLedger.open(directory: dir, credentials: .apiToken(token + "x"))
        #expect(one.path == again.path && one.path != other.path)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        for name in names {
            #expect(!name.contains(token) && !name.contains("made-up"), "\(name)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            #expect(String(decoding: bytes, as: UTF8.self).range(of: token) == nil, "\(name) holds the token")
        }
        let key = try FileManager.default.attributesOfItem(atPath: dir + "/.key")
        #expect((key[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: dir)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
    }

    @Test("A ledger whose lock holder was killed with -9 is usable at once")
    func killedHolder() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/held.ledger"
        let ledger = try BudgetLedger(path: path)
        _ = try ledger.reserve(interval: .milliseconds(10), tolerance: .zero)
        // Another process takes the lock, then says so on stderr; the trigger kills it with SIGKILL on that line.
        // (Not flock(1): the command it runs inherits the locked file and would outlive the kill.) The holder
        // waits for a signal (signal.pause), and the test for its "locked" line: no timer on either side.
        let script = "import fcntl, signal, sys\nf = open(sys.argv[1], 'r+')\nfcntl.flock(f, fcntl.LOCK_EX)\n"
            + "sys.stderr.write('locked\\n'); sys.stderr.flush()\nsignal.pause()\n"
        let trigger = ChildProcess.LineTrigger(marker: "locked", count: 1, signal: SIGKILL)
        let holder = try ChildProcess(["python3", "-c", script, path],
                                      executable: URL(fileURLWithPath: "/usr/bin/env"), trigger: trigger)
        #expect(await holder.exited() == 137)
        #expect(trigger.fired)
        #expect(try ledger.reserve(interval: .milliseconds(10), tolerance: .zero).delay <= .milliseconds(20))
    }
}

@testable import ESAPI
import ESRecords
import ESTestSupport
import Foundation
import InMemoryLogging
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Rate-limit headers and ledger states from outside the process never stop a run: each of these crashed
/// the client (SIGILL) before they were parsed into bounded durations.
@Suite("Hostile rate-limit headers and ledger states")
struct HostileRateLimitTests {
    static let token = "test-token-not-real-0123456789"

    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Each value the probe tried, as the header that carried it, with what the client must log about it.
    static let hostile: [(String, String, String)] = [
        ("retry-after", "nan", "ignoring"), ("retry-after", "inf", "ignoring"), ("retry-after", "-inf", "ignoring"),
        ("retry-after", "1e300", "ignoring"), ("retry-after", "1e16", "ignoring"),
        ("retry-after", "1e10", "ignoring"), ("retry-after", "9999999999", "at most"),
        ("retry-after", "-5", "ignoring"), ("retry-after-ms", "99999999999999999999", "at most"),
        ("retry-after", "abc", "ignoring"),
        ("Ratelimit-Policy", "\"burst\";q=1;w=99999999999", "at most"),
        ("Ratelimit-Policy", "\"burst\";q=0;w=60", "ignoring"),
        ("Ratelimit", "\"default\";r=0;t=9223372036854775807", "at most"),
        ("Ratelimit", "\"default\";r=-1;t=nan", "ignoring"),
        ("Ratelimit", "\"default\";r=99999999999999999999;t=1", ""),
    ]

    @Test("Every hostile value parses to nothing or to at most an hour", arguments: hostile.indices)
    func parses(index: Int) {
        let (name, value, _) = Self.hostile[index]
        let h = RateLimitHeaders(headers: [(name, value)])
        for wait in [h.retryAfter, h.reset, h.quotaWindow].compactMap({ $0 }) {
            #expect(wait >= .zero && wait <= RateLimitHeaders.longestWait, "\(name): \(value) → \(wait)")
        }
        #expect(!(h.capped.isEmpty && h.ignored.isEmpty) || h.remaining != nil || h.quota != nil,
                "\(name): \(value) was neither used, capped nor ignored")
        if let q = h.quota { #expect(q >= 1) }
        if let r = h.remaining { #expect(r >= 0 && r <= 1_000_000_000) }
    }

    @Test("An HTTP-date retry-after is a wait until that date; a past date is no wait")
    func httpDate() {
        let now = Date(timeIntervalSince1970: 1_000_000_000)     // 2001-09-09T01:46:40Z
        let later = RateLimitHeaders(headers: [("Retry-After", "Sun, 09 Sep 2001 01:48:40 GMT")], now: now)
        #expect(later.retryAfter == .seconds(120))
        let past = RateLimitHeaders(headers: [("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")], now: now)
        #expect(past.retryAfter == .zero)
    }

    /// A 429 with the hostile header, then a 200 carrying it too: the call completes, waited at most an hour
    /// (on a clock that does not really sleep), and with a ledger (whose arithmetic overflowed) as well.
    @Test("A server sending hostile headers on a 429 and a 200 does not stop the call", arguments: hostile.indices)
    func call(index: Int) async throws {
        let (name, value, said) = Self.hostile[index]
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let header = Header(name, value)
        let ok = Bodies.ok(Bodies.block("b1", "x@example.com"))
        let t = ScriptedTransport([.respond(429, Bodies.error(971, "slow down"), [header]),
                                   .respond(200, ok, [header]), .respond(200, ok, [header])])
        var config = try APIConfiguration(baseURL: "http://127.0.0.1:1/client/v4", accountID: "acc123",
                                          credentials: .apiToken(Self.token))
        config.ledger = try BudgetLedger.open(directory: dir, credentials: config.credentials)
        let clock = ImmediateClock()
        var logs = InMemoryLogHandler()
        logs.logLevel = .trace
        let handler = logs
        let logger = Logger(label: "test") { _ in handler }
        let client = EmailSecurityClient(configuration: config, transport: t, clock: clock,
                                         logger: logger, jitter: .seeded(7))
        _ = try await client.get(BlockedSender.self, id: "b1")
        _ = try await client.get(BlockedSender.self, id: "b1")
        #expect(t.requests.count == 3)
        // Two ledger waits of at most an hour each, whatever the header said.
        #expect(clock.now.offset <= .seconds(2 * 3600 + 60), "\(name): \(value) → \(clock.now.offset)")
        let warnings = logs.entries.map { "\($0.message)" }.filter { $0.contains("at most") || $0.contains("ignoring") }
        if said.isEmpty {
            #expect(warnings.isEmpty, "\(warnings)")
        } else {
            // Said once, though the header came on three responses.
            #expect(warnings.count == 1 && warnings[0].contains(said), "\(name): \(value) → \(logs.entries.map { "\($0.message)" })")
        }
    }

    static func write(_ words: [Int64], to path: String) throws {
        try words.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path))
    }

    @Test("A damaged ledger (times of ±2^63, before 2001, far ahead) is discarded, not obeyed and not a crash",
          arguments: [[Int64.min, Int64.min], [Int64.max, Int64.max], [0, Int64.min], [1, 1], [Int64.min, 0],
                      [-1, -1], [Int64.max, 0]])
    func damagedLedger(state: [Int64]) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/damaged.ledger"
        try Self.write([0x4553_4D5F_4C44_4731] + state, to: path)
        let ledger = try BudgetLedger(path: path)
        #expect(try ledger.reserve(interval: .seconds(1), tolerance: .zero).delay == .zero)
        try ledger.pause(for: .seconds(5), interval: .seconds(1), tolerance: .zero)
        let after = try ledger.reserve(interval: .seconds(1), tolerance: .zero)
        #expect(after.paused && after.delay <= .seconds(5) && after.delay > .seconds(3))
    }

    @Test("An interval or pause beyond any plausible one saturates instead of trapping")
    func hugeDurations() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try BudgetLedger(path: dir + "/huge.ledger")
        _ = try ledger.reserve(interval: .seconds(Int64.max / 2), tolerance: .seconds(Int64.max / 2))
        try ledger.pause(for: .seconds(Int64.max / 2), interval: .seconds(Int64.max / 2),
                         tolerance: .seconds(Int64.max / 2))
        #expect(try ledger.reserve(interval: .seconds(1), tolerance: .zero).delay <= .seconds(7200))
    }

    @Test("A link or special file planted in the ledger folder is refused by name, never written through")
    func plantedFiles() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let credentials = Credentials.apiToken(Self.token)
        let key = try BudgetLedger.machineKey(in: dir)
        let name = dir + "/" + BudgetLedger.fingerprint(credentials, key: key) + ".ledger"
        let victim = dir + "/victim"
        let original = Array("someone else's file, 40 bytes long .....".utf8)
        try Data(original).write(to: URL(fileURLWithPath: victim))

        func refusal(_ expected: String) {
            do {
                _ = try BudgetLedger.open(directory: dir, credentials: credentials)
                Issue.record("expected a refusal mentioning \(expected)")
            } catch let e as ConfigurationError {
                #expect("\(e)".contains(expected) && "\(e)".contains(name), "\(e)")
            } catch { Issue.record("\(error)") }
        }
        // A symbolic link to another file.
        try FileManager.default.createSymbolicLink(atPath: name, withDestinationPath: victim)
        refusal("symbolic link")
        #expect(try Data(contentsOf: URL(fileURLWithPath: victim)) == Data(original))
        // A dangling one: its target is not created.
        try FileManager.default.removeItem(atPath: name)
        try FileManager.default.createSymbolicLink(atPath: name, withDestinationPath: dir + "/created-by-link")
        refusal("symbolic link")
        #expect(!FileManager.default.fileExists(atPath: dir + "/created-by-link"))
        // A hard link to another file.
        try FileManager.default.removeItem(atPath: name)
        try FileManager.default.linkItem(atPath: victim, toPath: name)
        refusal("single link")
        #expect(try Data(contentsOf: URL(fileURLWithPath: victim)) == Data(original))
        // A FIFO: refused at once, not waited on.
        try FileManager.default.removeItem(atPath: name)
        #expect(mkfifo(name, 0o600) == 0)
        refusal("regular file")
        try FileManager.default.removeItem(atPath: name)
        // The key read through a link.
        try FileManager.default.moveItem(atPath: dir + "/.key", toPath: dir + "/real-key")
        try FileManager.default.createSymbolicLink(atPath: dir + "/.key", withDestinationPath: dir + "/real-key")
        do {
            _ = try BudgetLedger.open(directory: dir, credentials: credentials)
            Issue.record("expected the key link refused")
        } catch let e as ConfigurationError {
            #expect("\(e)".contains("/.key is a symbolic link"), "\(e)")
        }
    }

    @Test("A key file of the wrong size says what it is, and a good one is reused")
    func keySize() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(repeating: 7, count: 12).write(to: URL(fileURLWithPath: dir + "/.key"))
        do {
            _ = try BudgetLedger.machineKey(in: dir)
            Issue.record("expected a refusal")
        } catch let e as ConfigurationError {
            #expect("\(e)".contains("holds 12 bytes, not 32"), "\(e)")
        }
    }
}

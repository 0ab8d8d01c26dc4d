@testable import ESEmulator
import ESTestSupport
import Testing

/// The server's GCRA and lockout on a clock moved by hand: exact answers, no sleeping.
@Suite("Server rate limiter")
struct ServerRateLimiterTests {
    @Test("3 per 3 s: three back to back with remaining 2, 1, 0; the fourth waits 1 s; a second later one more")
    func gcra() {
        let clock = ManualClock()
        let limiter = ServerRateLimiter(rate: ServerRate(limit: 3, window: .seconds(3)), lockout: nil, clock: clock)
        #expect(limiter.check("a") == .allowed(remaining: 2, resetSeconds: 1))
        #expect(limiter.check("a") == .allowed(remaining: 1, resetSeconds: 2))
        #expect(limiter.check("a") == .allowed(remaining: 0, resetSeconds: 3))
        #expect(limiter.check("a") == .limited(retryAfterSeconds: 1))
        #expect(limiter.check("b") == .allowed(remaining: 2, resetSeconds: 1), "buckets are per credential")
        clock.advance(by: .seconds(1))
        #expect(limiter.check("a") == .allowed(remaining: 0, resetSeconds: 3))
        #expect(limiter.check("a") == .limited(retryAfterSeconds: 1))
        clock.advance(by: .seconds(3))
        #expect(limiter.check("a") == .allowed(remaining: 2, resetSeconds: 1), "a full window refills the burst")
    }

    @Test("With a lockout, the request over the limit locks the credential out for the lockout, counted down")
    func lockout() {
        let clock = ManualClock()
        let limiter = ServerRateLimiter(rate: ServerRate(limit: 3, window: .seconds(3)), lockout: .seconds(300),
                                        clock: clock)
        for _ in 0..<3 { _ = limiter.check("a") }
        #expect(limiter.check("a") == .limited(retryAfterSeconds: 300))
        clock.advance(by: .seconds(120))
        #expect(limiter.check("a") == .limited(retryAfterSeconds: 180))
        clock.advance(by: .milliseconds(179_500))
        #expect(limiter.check("a") == .limited(retryAfterSeconds: 1))
        clock.advance(by: .milliseconds(500))
        #expect(limiter.check("a") == .allowed(remaining: 2, resetSeconds: 1))
    }

    @Test("--rate forms parse to their budget; malformed ones are refused", arguments: [
        ("1200/300s", 1200, 300_000), ("60/20s", 60, 20_000), ("10/1", 10, 1_000), ("5/2m", 5, 120_000),
        ("100/500ms", 100, 500), ("1/1h", 1, 3_600_000),
    ])
    func parsing(text: String, limit: Int, milliseconds: Int64) throws {
        let rate = try ServerRate(parsing: text)
        #expect(rate.limit == limit && rate.window == .milliseconds(milliseconds))
    }

    @Test("Malformed rates are refused", arguments: ["", "0/1s", "-1/1s", "10", "10/0s", "x/1s", "10/ys", "1/2/3"])
    func malformed(text: String) {
        #expect(throws: EmulatorOptionError.self) { try ServerRate(parsing: text) }
    }
}

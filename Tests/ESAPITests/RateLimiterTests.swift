import ESAPI
import ESRecords
import ESTestSupport
import Testing

/// The limiter runs on a manual clock: schedules are computed, never waited for.
@Suite("GCRA rate limiter")
struct RateLimiterTests {
    func offsets(_ limiter: RateLimiter<ManualClock>, _ n: Int) async -> [Double] {
        var out: [Double] = []
        for _ in 0..<n { out.append(await limiter.reserve().offset.seconds) }
        return out
    }

    @Test("Sustained rate: one request per interval, after the burst")
    func pacing() async {
        let clock = ManualClock()
        let limiter = RateLimiter(budget: RateBudget(limit: 10, window: .seconds(1), burst: 3), clock: clock)
        let slots = await offsets(limiter, 6)
        // Three back to back (burst), then 0.1 s apart from the GCRA schedule.
        #expect(slots.map { ($0 * 1000).rounded() } == [0, 0, 0, 100, 200, 300])
    }

    @Test("Idle time refills the burst, but never beyond it")
    func refill() async {
        let clock = ManualClock()
        let limiter = RateLimiter(budget: RateBudget(limit: 10, window: .seconds(1), burst: 2), clock: clock)
        _ = await offsets(limiter, 2)
        clock.advance(by: .seconds(10))
        let slots = await offsets(limiter, 4)
        #expect(slots.map { ($0 * 1000).rounded() } == [10_000, 10_000, 10_100, 10_200])
    }

    @Test("A 429 pauses every request for retry-after, even beyond 60 s, then resumes without a burst")
    func pause() async {
        let clock = ManualClock()
        let limiter = RateLimiter(budget: RateBudget(limit: 10, window: .seconds(1), burst: 5), clock: clock)
        await limiter.pause(for: .seconds(300))
        let slots = await offsets(limiter, 3)
        #expect(slots.map { ($0 * 1000).rounded() } == [300_000, 300_100, 300_200])
        #expect(await limiter.pauses == 1)
    }

    @Test("Ratelimit-Policy lowers the sustained rate; Ratelimit spreads what remains")
    func headers() async {
        let clock = ManualClock()
        let limiter = RateLimiter(budget: RateBudget(limit: 100, window: .seconds(1)), clock: clock)
        await limiter.observe(RateLimitHeaders(headers: [("Ratelimit-Policy", "\"burst\";q=10;w=1")]))
        #expect(await offsets(limiter, 3).map { ($0 * 1000).rounded() } == [0, 100, 200])
        // Only 2 requests left for the next 10 s: they are spread 5 s apart.
        await limiter.observe(RateLimitHeaders(headers: [("Ratelimit", "\"default\";r=2;t=10")]))
        let spread = await offsets(limiter, 2).map { ($0 * 1000).rounded() }
        #expect(spread == [300, 5300])
        // None left: wait for the reset.
        await limiter.observe(RateLimitHeaders(headers: [("Ratelimit", "\"default\";r=0;t=30")]))
        #expect(await limiter.reserve().offset.seconds >= 30)
    }

    @Test("Concurrent acquirers are released one interval apart as the clock advances", .timeLimit(.minutes(1)))
    func concurrentAcquire() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(budget: RateBudget(limit: 4, window: .seconds(1)), clock: clock)
        let done = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await limiter.acquire()
                    await done.increment()
                }
            }
            // All four have reserved when one has gone through and three sleep on the clock (events, not polls:
            // a regression fails the test's time limit instead of spinning forever).
            await clock.waitForSleepers(3)
            await done.wait(for: 1)
            #expect(await done.value == 1)
            for expected in 2...4 {
                clock.advance(by: .milliseconds(250))
                await done.wait(for: expected)
                #expect(await done.value == expected)
            }
            try await group.waitForAll()
        }
    }

    struct HeaderCase: Sendable {
        var headers: [(String, String)]
        var remaining: Int?, reset: Duration?, quota: Int?, retry: Duration?
    }

    @Test("Rate-limit headers parse", arguments: [
        HeaderCase(headers: [("Ratelimit", "\"default\";r=50;t=30")], remaining: 50, reset: .seconds(30)),
        HeaderCase(headers: [("ratelimit-policy", "\"burst\";q=100;w=60")], quota: 100),
        HeaderCase(headers: [("retry-after", "300")], retry: .seconds(300)),
        HeaderCase(headers: [("Retry-After-Ms", "1500")], retry: .milliseconds(1500)),
    ])
    func parse(c: HeaderCase) {
        let h = RateLimitHeaders(headers: c.headers.map { (name: $0.0, value: $0.1) })
        #expect(h.remaining == c.remaining)
        #expect(h.reset == c.reset)
        #expect(h.quota == c.quota)
        #expect(h.retryAfter == c.retry)
    }

    @Test("Backoff grows exponentially, is capped, and jitters downwards only")
    func backoff() {
        var rng = SplitMix64(seed: 42)
        let b = Backoff(initial: .milliseconds(500), maximum: .seconds(8), multiplier: 2, jitter: 0.25, maxAttempts: 6)
        for retry in 0..<8 {
            let d = b.delay(retry: retry, using: &rng).seconds
            let ceiling = min(0.5 * Double(1 << retry), 8)
            #expect(d <= ceiling + 0.001 && d >= ceiling * 0.75 - 0.001, "retry \(retry): \(d)")
        }
    }
}

actor Counter {
    private(set) var value = 0
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func increment() {
        value += 1
        let due = waiters.filter { $0.count <= value }
        waiters.removeAll { $0.count <= value }
        for w in due { w.continuation.resume() }
    }

    /// Returns once the count has reached `count`.
    func wait(for count: Int) async {
        if value >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }
}

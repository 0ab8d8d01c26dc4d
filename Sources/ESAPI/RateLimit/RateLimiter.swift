import Foundation
public import Logging

/// One GCRA (generic cell rate algorithm) limiter per credential, shared by every concurrent request.
///
/// Each request reserves the next conforming instant (its "theoretical arrival time" less the burst
/// tolerance) and sleeps until then on the injected clock, so concurrent tasks are spaced evenly without
/// polling. The server's headers can only make it stricter: `Ratelimit-Policy` lowers the sustained rate,
/// `Ratelimit` spreads the remaining requests over the reset window, and a 429 pauses everyone for its
/// `retry-after`, however long that is.
///
/// With a `BudgetLedger`, the arrival time and the pause live in the ledger, shared by every process that
/// uses the same credential; this actor then only adds its own header-derived spacing and local pause. If the
/// ledger fails (a full disk), the limiter goes on alone and counts it in ``ledgerFailures``.
public actor RateLimiter<C: Clock> where C.Duration == Duration {
    public let clock: C
    public private(set) var budget: RateBudget
    private var interval: Duration
    private var tolerance: Duration
    /// The theoretical arrival time of the next request.
    private var tat: C.Instant
    private var pausedUntil: C.Instant?
    /// A temporary slower spacing from a `Ratelimit` header, until the server's reset.
    private var headerInterval: (interval: Duration, until: C.Instant)?
    /// Requests that had to wait because of a 429 pause (for reports).
    public private(set) var pauses = 0
    /// The budget shared with other processes, if any.
    package let ledger: BudgetLedger?
    /// Ledger operations that failed (the limiter then paced this process alone).
    public private(set) var ledgerFailures = 0

    /// Where waits longer than ``announcedWait`` are logged (once per wait, not once per waiting request).
    let logger: Logger?
    /// The end of the last wait logged, so that the requests queued behind the same pause log it once.
    private var announcedUntil: C.Instant?
    /// Waits at least this long are logged with their reason and end time.
    public static var announcedWait: Duration { .seconds(5) }

    /// Why a request waits.
    package enum WaitReason: String, Sendable {
        /// The configured budget (`--rate`), shared through the ledger.
        case budget = "the request budget (--rate), shared with every process using this credential"
        /// A 429 pause, recorded by this process or another one sharing the ledger.
        case pause = "a rate-limit pause (a 429 seen by this or another process using this credential)"
        /// The server's `Ratelimit`/`Ratelimit-Policy` headers asked for a slower pace.
        case serverHeaders = "the server's Ratelimit headers"
    }

    /// A limiter spending `budget`, with time read from (and waits slept on) `clock`, and shared through
    /// `ledger` with every process that uses the same credential (`nil`: this process alone); waits longer than
    /// ``announcedWait`` are logged to `logger`.
    package init(budget: RateBudget, clock: C, ledger: BudgetLedger? = nil, logger: Logger? = nil) {
        self.clock = clock
        self.budget = budget
        self.ledger = ledger
        self.logger = logger
        interval = min(budget.interval, RateLimitHeaders.longestWait)
        tolerance = min(interval * (budget.burst - 1), RateLimitHeaders.longestWait)
        tat = clock.now
    }

    /// Reserves a slot and returns the instant the request may be sent (now or later); never sleeps.
    public func reserve() -> C.Instant { reservation().send }

    /// Reserves a slot and returns the instant the request may be sent and what decided it; never sleeps.
    package func reservation() -> (send: C.Instant, reason: WaitReason) {
        let now = clock.now
        var earliest = now
        if let paused = pausedUntil {
            if paused > now { earliest = paused } else { pausedUntil = nil }
        }
        var spacing = interval
        var reason = WaitReason.budget
        if let h = headerInterval {
            if h.until > now {
                if h.interval > spacing { reason = .serverHeaders }
                spacing = max(spacing, h.interval)
            } else { headerInterval = nil }
        }
        if let ledger {
            do {
                let slot = try ledger.reserve(interval: spacing, tolerance: tolerance)
                let send = now.advanced(by: slot.delay)
                if earliest >= send { return (earliest, .pause) }
                return (send, slot.paused ? .pause : reason)
            } catch {
                ledgerFailures += 1
            }
        }
        // GCRA: conforming at max(now, tat - tolerance); the next TAT is max(tat, send) + T.
        let conforming = tat.advanced(by: .zero - tolerance)
        let send = max(earliest, conforming)
        tat = max(tat, send).advanced(by: spacing)
        return (send, earliest > conforming ? .pause : reason)
    }

    /// Waits for a slot; honours cancellation while waiting.
    public func acquire() async throws {
        _ = try await acquire(unless: StopSignal?.none)
    }

    /// Waits for a slot, unless `stop` is requested first.
    ///
    /// A wait of ``announcedWait`` or more is logged once, with its reason and end time (the requests queued
    /// behind the same pause do not repeat it).
    ///
    /// - Returns: `false` when the stop came first (no slot is used: nothing may be sent).
    public func acquire(unless stop: StopSignal?) async throws -> Bool {
        let (send, reason) = reservation()
        let wait = clock.now.duration(to: send)
        guard wait > .zero else { return !(stop?.isRequested ?? false) }
        if wait >= Self.announcedWait, announcedUntil.map({ send > $0.advanced(by: Self.announcedWait) }) ?? true {
            announcedUntil = send
            let end = Date().addingTimeInterval(wait.seconds)
            logger?.notice("waiting \(Self.describe(wait)) for \(reason.rawValue)", metadata: [
                "until": "\(end.formatted(.iso8601))", "wait_s": "\(Int(wait.seconds.rounded(.up)))"])
        }
        guard let stop else {
            try await clock.sleep(until: send, tolerance: nil)
            return true
        }
        return try await stop.sleep(until: send, on: clock)
    }

    /// `42 s`, `12 min 5 s`.
    static func describe(_ d: Duration) -> String {
        let s = Int(d.seconds.rounded(.up))
        return s < 60 ? "\(s) s" : "\(s / 60) min \(s % 60) s"
    }

    /// A 429: everyone waits `retryAfter` (at least one interval, at most `RateLimitHeaders/longestWait`),
    /// then resumes at the sustained rate.
    public func pause(for retryAfter: Duration) {
        let retryAfter = min(retryAfter, RateLimitHeaders.longestWait)
        let until = clock.now.advanced(by: max(retryAfter, interval))
        if pausedUntil.map({ until > $0 }) ?? true { pausedUntil = until }
        // No burst right after a pause (the server's window has just been exhausted): put the theoretical
        // arrival time a whole burst tolerance past the pause, so requests resume one interval apart.
        tat = max(tat, until.advanced(by: tolerance))
        pauses += 1
        if let ledger {
            do { try ledger.pause(for: retryAfter, interval: interval, tolerance: tolerance) } catch { ledgerFailures += 1 }
        }
    }

    /// Tightens the pacing from a response's rate-limit headers (never loosens it, never past
    /// ``RateLimitHeaders/longestWait`` between requests).
    package func observe(_ headers: RateLimitHeaders) {
        if let q = headers.quota, let w = headers.quotaWindow, q > 0, w > .zero {
            let serverInterval = min(w / q, RateLimitHeaders.longestWait)
            if serverInterval > interval {
                interval = serverInterval
                tolerance = min(tolerance, serverInterval * (budget.burst - 1))
            }
        }
        if let r = headers.remaining, let t = headers.reset, t > .zero {
            let until = clock.now.advanced(by: t)
            if r <= 0 {
                pause(for: t)
            } else {
                let spread = t / r
                if spread > interval { headerInterval = (spread, until) }
            }
        }
    }
}

/// One GCRA (generic cell rate algorithm) limiter per credential, shared by every concurrent request.
///
/// Each request reserves the next conforming instant (its "theoretical arrival time" less the burst
/// tolerance) and sleeps until then on the injected clock, so concurrent tasks are spaced evenly without
/// polling. The server's headers can only make it stricter: `Ratelimit-Policy` lowers the sustained rate,
/// `Ratelimit` spreads the remaining requests over the reset window, and a 429 pauses everyone for its
/// `retry-after`, however long that is.
///
/// With a ``BudgetLedger``, the arrival time and the pause live in the ledger, shared by every process that
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
    public let ledger: BudgetLedger?
    /// Ledger operations that failed (the limiter then paced this process alone).
    public private(set) var ledgerFailures = 0

    /// A limiter spending `budget`, with time read from (and waits slept on) `clock`, and shared through
    /// `ledger` with every process that uses the same credential (`nil`: this process alone).
    public init(budget: RateBudget, clock: C, ledger: BudgetLedger? = nil) {
        self.clock = clock
        self.budget = budget
        self.ledger = ledger
        interval = budget.interval
        tolerance = budget.interval * (budget.burst - 1)
        tat = clock.now
    }

    /// Reserves a slot and returns the instant the request may be sent (now or later); never sleeps.
    public func reserve() -> C.Instant {
        let now = clock.now
        var earliest = now
        if let paused = pausedUntil {
            if paused > now { earliest = paused } else { pausedUntil = nil }
        }
        var spacing = interval
        if let h = headerInterval {
            if h.until > now { spacing = max(spacing, h.interval) } else { headerInterval = nil }
        }
        if let ledger {
            do {
                let delay = try ledger.reserve(interval: spacing, tolerance: tolerance)
                return max(earliest, now.advanced(by: delay))
            } catch {
                ledgerFailures += 1
            }
        }
        // GCRA: conforming at max(now, tat - tolerance); the next TAT is max(tat, send) + T.
        let conforming = tat.advanced(by: .zero - tolerance)
        let send = max(earliest, conforming)
        tat = max(tat, send).advanced(by: spacing)
        return send
    }

    /// Waits for a slot; honours cancellation while waiting.
    public func acquire() async throws {
        let send = reserve()
        if send > clock.now { try await clock.sleep(until: send, tolerance: nil) }
    }

    /// A 429: everyone waits `retryAfter` (at least one interval), then resumes at the sustained rate.
    public func pause(for retryAfter: Duration) {
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

    /// Tightens the pacing from a response's rate-limit headers (never loosens it).
    public func observe(_ headers: RateLimitHeaders) {
        if let q = headers.quota, let w = headers.quotaWindowSeconds, q > 0, w > 0 {
            let serverInterval = Duration.seconds(w) / q
            if serverInterval > interval {
                interval = serverInterval
                tolerance = min(tolerance, serverInterval * (budget.burst - 1))
            }
        }
        if let r = headers.remaining, let t = headers.resetSeconds, t > 0 {
            let until = clock.now.advanced(by: .seconds(t))
            if r <= 0 {
                pause(for: .seconds(t))
            } else {
                let spread = Duration.seconds(t) / r
                if spread > interval { headerInterval = (spread, until) }
            }
        }
    }
}

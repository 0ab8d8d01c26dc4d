import Synchronization

/// The server side of GCRA: one bucket per credential, the real headers, and an optional lockout after a 429.
///
/// Generic over its clock, so tests drive time by hand instead of sleeping; the server uses `ContinuousClock`.
final class ServerRateLimiter<C: Clock>: Sendable where C.Duration == Duration {
    enum Decision: Sendable, Equatable {
        case allowed(remaining: Int, resetSeconds: Int)
        case limited(retryAfterSeconds: Int)
    }

    struct Bucket: Sendable {
        var tat: C.Instant
        var lockedUntil: C.Instant?
    }

    let rate: ServerRate
    let lockout: Duration?
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock: C

    init(rate: ServerRate, lockout: Duration?, clock: C) {
        self.rate = rate
        self.lockout = lockout
        self.clock = clock
    }

    /// Admits or refuses a request of `principal`.
    func check(_ principal: String) -> Decision {
        let now = clock.now
        let t = rate.interval
        let tau = rate.window - t      // a full window's worth may arrive at once
        return buckets.withLock { all -> Decision in
            var b = all[principal] ?? Bucket(tat: now, lockedUntil: nil)
            defer { all[principal] = b }
            if let locked = b.lockedUntil {
                if locked > now { return .limited(retryAfterSeconds: Self.ceilSeconds(now.duration(to: locked))) }
                b.lockedUntil = nil
            }
            let tat = max(b.tat, now)
            if tat.advanced(by: .zero - tau) > now {
                if let lockout {
                    b.lockedUntil = now.advanced(by: lockout)
                    return .limited(retryAfterSeconds: Self.ceilSeconds(lockout))
                }
                return .limited(retryAfterSeconds: Self.ceilSeconds(now.duration(to: tat.advanced(by: .zero - tau))))
            }
            b.tat = tat.advanced(by: t)
            let remaining = max(0, Int(b.tat.duration(to: now.advanced(by: tau)) / t) + 1)
            return .allowed(remaining: remaining, resetSeconds: Self.ceilSeconds(now.duration(to: b.tat)))
        }
    }

    var policyHeader: String { "\"burst\";q=\(rate.limit);w=\(Self.ceilSeconds(rate.window))" }

    /// Whole seconds, rounded up, at least 1 (header values).
    static func ceilSeconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}

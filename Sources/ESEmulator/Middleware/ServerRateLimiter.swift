import ESAPI
import Synchronization

/// The server side of GCRA: one bucket per credential, the real headers, and an optional lockout after a 429.
final class ServerRateLimiter: Sendable {
    enum Decision: Sendable {
        case allowed(remaining: Int, resetSeconds: Int)
        case limited(retryAfterSeconds: Int)
    }

    struct Bucket: Sendable {
        var tat: ContinuousClock.Instant
        var lockedUntil: ContinuousClock.Instant?
    }

    let budget: RateBudget
    let lockout: Duration?
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()

    init(budget: RateBudget, lockout: Duration?) {
        self.budget = budget
        self.lockout = lockout
    }

    /// Admits or refuses a request of `principal`.
    func check(_ principal: String) -> Decision {
        let now = clock.now
        let t = budget.interval
        let tau = budget.window - t      // a full window's worth may arrive at once
        return buckets.withLock { all -> Decision in
            var b = all[principal] ?? Bucket(tat: now, lockedUntil: nil)
            defer { all[principal] = b }
            if let locked = b.lockedUntil {
                if locked > now { return .limited(retryAfterSeconds: Self.ceilSeconds(now.duration(to: locked))) }
                b.lockedUntil = nil
            }
            let tat = max(b.tat, now)
            if tat - tau > now {
                if let lockout {
                    b.lockedUntil = now + lockout
                    return .limited(retryAfterSeconds: Self.ceilSeconds(lockout))
                }
                return .limited(retryAfterSeconds: Self.ceilSeconds((tat - tau) - now))
            }
            b.tat = tat + t
            let remaining = max(0, Int(((now + tau) - b.tat) / t) + 1)
            return .allowed(remaining: remaining, resetSeconds: Self.ceilSeconds(b.tat - now))
        }
    }

    var policyHeader: String { "\"burst\";q=\(budget.limit);w=\(Self.ceilSeconds(budget.window))" }

    static func ceilSeconds(_ d: Duration) -> Int {
        let s = d.seconds
        return max(1, Int(s.rounded(.up)))
    }
}

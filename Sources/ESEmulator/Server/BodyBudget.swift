import Synchronization

/// The bytes of request bodies the emulator holds at once, across all connections.
///
/// Each body is capped (``ServerLimits/maxBodyBytes``), but 256 connections each sending one just under the cap
/// would hold 8 GB. Bytes are reserved as they arrive and released once the request has been decoded; a body
/// that would take the total past the budget is answered 503 (with `retry-after`) and its connection closed.
final class BodyBudget: Sendable {
    let limit: Int
    private let used = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Reserves `bytes`; `false` (nothing reserved) when that would pass the budget.
    func reserve(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard used + bytes <= limit else { return false }
            used += bytes
            return true
        }
    }

    /// Gives back bytes reserved before.
    func release(_ bytes: Int) {
        used.withLock { $0 -= bytes }
    }

    /// Bytes held now.
    var inUse: Int { used.withLock { $0 } }
}

import Synchronization

/// Remembers where the last pages of plain lists ended, so reading a large collection page by page costs
/// one index seek per page instead of an `OFFSET` walk and a `COUNT(*)` each time (a 5,000,000-record
/// collection is 5,000 pages: quadratic without it).
///
/// Only lists in insertion order without filters or search use it, and only while nothing is written: every
/// write transaction moves the generation on (before and after it commits) and empties the cache, and a page
/// read is trusted only when the generation was the same, with no write running, before and after it.
final class ListCache: Sendable {
    struct PageKey: Hashable {
        var account: String
        var collection: String
        var perPage: Int
        var page: Int
        var descending: Bool
    }

    struct CollectionKey: Hashable {
        var account: String
        var collection: String
    }

    private struct State {
        var generation = 0
        var writing = 0
        var lastSeq: [PageKey: Int64] = [:]
        var totals: [CollectionKey: Int] = [:]
    }

    private let state = Mutex(State())
    /// Entries kept at most (a few per collection being listed).
    static let capacity = 4096

    /// The generation to read at, or `nil` while a write runs.
    func readGeneration() -> Int? {
        state.withLock { $0.writing == 0 ? $0.generation : nil }
    }

    /// Whether nothing was written since `generation` was read.
    func isCurrent(_ generation: Int) -> Bool {
        state.withLock { $0.writing == 0 && $0.generation == generation }
    }

    func lastSeq(_ key: PageKey) -> Int64? { state.withLock { $0.lastSeq[key] } }
    func total(_ key: CollectionKey) -> Int? { state.withLock { $0.totals[key] } }

    /// Records a page's last seq and the collection's total, if nothing was written since `generation`.
    func remember(_ key: PageKey, lastSeq: Int64?, total: Int, at generation: Int) {
        state.withLock {
            guard $0.writing == 0, $0.generation == generation else { return }
            if $0.lastSeq.count >= Self.capacity { $0.lastSeq.removeAll() }
            if let lastSeq { $0.lastSeq[key] = lastSeq }
            $0.totals[CollectionKey(account: key.account, collection: key.collection)] = total
        }
    }

    /// Runs a write transaction's `body` with the cache invalidated around it.
    func writing<T>(_ body: () async throws -> T) async rethrows -> T {
        state.withLock {
            $0.generation += 1
            $0.writing += 1
            $0.lastSeq.removeAll()
            $0.totals.removeAll()
        }
        defer { state.withLock { $0.generation += 1; $0.writing -= 1 } }
        return try await body()
    }
}

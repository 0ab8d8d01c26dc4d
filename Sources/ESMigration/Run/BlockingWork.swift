import NIOPosix

/// Runs blocking work (reading input files, synchronous SQLite) on swift-nio's shared thread pool, so the
/// cooperative pool — one thread per core — stays free for the requests and timers of the other accounts and
/// tasks while it runs.
package enum BlockingWork {
    /// `body`'s result, computed on a thread-pool thread while the calling task is suspended.
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}

import Synchronization

/// A request to stop, shared between a signal handler, the importer and the client's waits.
///
/// Not Task cancellation: cancelling would abort requests already on the wire, whose outcome would then be
/// unknown; a stop lets them finish so their answers are journaled. What has not been sent yet stops at once:
/// a client bound to the signal (``EmailSecurityClient/stopping(on:)``) ends every wait — the limiter's
/// spacing, a 429 pause, a retry's backoff — as soon as the stop is requested, and fails that call with
/// ``APIError/Kind/stopped``.
public final class StopSignal: Sendable {
    private struct State {
        var code: Int32 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits cancelled before their continuation was registered.
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A signal not yet requested.
    public init() {}

    /// Asks the run to stop; `exitCode` is what the process should exit with afterwards (130, 143). Every
    /// pending ``requested()`` returns.
    public func request(exitCode: Int32 = 130) {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.code = exitCode
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Whether a stop was requested.
    public var isRequested: Bool { state.withLock { $0.code != 0 } }

    /// The exit code given with the request, if one was made.
    public var exitCode: Int32? {
        let c = state.withLock { $0.code }
        return c == 0 ? nil : c
    }

    /// Returns once a stop is requested (at once if it already was), or when the calling task is cancelled.
    public func requested() async {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.code != 0 || s.cancelled.remove(id) != nil { return true }
                    s.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                if let w = s.waiters.removeValue(forKey: id) { return w }
                s.cancelled.insert(id)
                return nil
            }
            waiter?.resume()
        }
        state.withLock { _ = $0.cancelled.remove(id) }
    }

    /// Sleeps on `clock` until `deadline`, unless a stop is requested first.
    ///
    /// - Returns: `true` when the deadline was reached, `false` when the stop came first (at once if it
    ///   already had been requested).
    /// - Throws: `CancellationError` when the calling task is cancelled.
    public func sleep<C: Clock>(until deadline: C.Instant, on clock: C) async throws -> Bool {
        if isRequested { return false }
        if deadline <= clock.now { return true }
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await clock.sleep(until: deadline, tolerance: nil)
                return true
            }
            group.addTask {
                await self.requested()
                return false
            }
            defer { group.cancelAll() }
            guard let reached = try await group.next() else { return !isRequested }
            if !reached { try Task.checkCancellation() }
            return reached
        }
    }
}

import Synchronization

/// A request to stop dispatching, shared between a signal handler and the importer.
///
/// Not Task cancellation: cancelling would abort requests already on the wire, whose outcome would then be
/// unknown; a stop lets them finish so their answers are journaled.
public final class StopSignal: Sendable {
    private let code = Atomic<Int32>(0)

    /// A signal not yet requested.
    public init() {}

    /// Asks the importer to stop; `exitCode` is what the process should exit with afterwards (130, 143).
    public func request(exitCode: Int32 = 130) { code.store(exitCode, ordering: .relaxed) }

    public var isRequested: Bool { code.load(ordering: .relaxed) != 0 }

    /// The exit code given with the request, if one was made.
    public var exitCode: Int32? {
        let c = code.load(ordering: .relaxed)
        return c == 0 ? nil : c
    }
}

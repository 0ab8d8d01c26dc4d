import Synchronization

/// A clock whose sleeps return at once and move its time forward: retry and pause schedules are checked
/// exactly, in no real time.
package final class ImmediateClock: Clock, Sendable {
    package typealias Instant = ManualClock.Instant
    public init() {}
    private let state = Mutex(Instant(offset: .zero))
    public var now: Instant { state.withLock { $0 } }
    public var minimumResolution: Duration { .zero }
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { if deadline > $0 { $0 = deadline } }
    }
}

import ESTestSupport
import Testing

/// The tests' manual clock behaves as a real clock does for a cancelled sleeper.
@Suite("ManualClock")
struct ManualClockTests {
    @Test("A cancelled sleeper wakes at once with CancellationError; an advance wakes the others")
    func cancellation() async throws {
        let clock = ManualClock()
        let cancelled = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(60)), tolerance: nil) }
        let kept = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(5)), tolerance: nil) }
        await clock.waitForSleepers(2)
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(5))
        try await kept.value
        #expect(clock.sleeperCount == 0)
    }

    @Test("A task cancelled before it sleeps does not sleep")
    func cancelledFirst() async throws {
        let clock = ManualClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(until: clock.now.advanced(by: .seconds(1)), tolerance: nil)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }
}

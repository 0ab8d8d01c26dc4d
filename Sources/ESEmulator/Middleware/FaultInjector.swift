import ESRecords
import Synchronization

/// Draws the fault for each request from a seeded generator, so a run with `--seed` is reproducible.
final class FaultInjector: Sendable {
    enum Fault: Sendable { case none, serverError(Int), reset, commitThenDrop, rateLimit }

    let plan: FaultPlan
    private let random: Mutex<SplitMix64>

    init(plan: FaultPlan, seed: UInt64?) {
        self.plan = plan
        random = Mutex(SplitMix64(seed: seed ?? UInt64.random(in: 0...UInt64.max)))
    }

    private func nextUnit() -> Double {
        random.withLock { $0.nextUnit() }
    }

    /// The fault for the next request (at most one).
    func draw() -> Fault {
        guard !plan.isEmpty else { return .none }
        let x = nextUnit() * 100
        var edge = plan.resetPercent
        if x < edge { return .reset }
        edge += plan.serverErrorPercent
        if x < edge { return .serverError([500, 502, 503][Int(nextUnit() * 3) % 3]) }
        edge += plan.commitThenDropPercent
        if x < edge { return .commitThenDrop }
        edge += plan.rateLimitPercent
        if x < edge { return .rateLimit }
        return .none
    }

    /// The latency to add to the next request.
    func latency() -> Duration {
        guard plan.latencyMax > plan.latency else { return plan.latency }
        return plan.latency + (plan.latencyMax - plan.latency) * nextUnit()
    }
}

import Synchronization

/// Draws the fault for each request from a seeded generator, so a run with `--seed` is reproducible.
final class FaultInjector: Sendable {
    enum Fault: Sendable { case none, serverError(Int), reset, commitThenDrop, rateLimit }

    let plan: FaultPlan
    private let state: Mutex<UInt64>

    init(plan: FaultPlan, seed: UInt64?) {
        self.plan = plan
        state = Mutex(seed ?? UInt64.random(in: 0...UInt64.max))
    }

    private func nextUnit() -> Double {
        state.withLock { s -> Double in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
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

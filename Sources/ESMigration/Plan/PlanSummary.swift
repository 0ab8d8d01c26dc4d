public import ESRecords

/// How many decisions of each action a plan holds, per collection.
public struct PlanSummary: Sendable, Hashable {
    public var counts: [SettingsCollection: [PlanDecision.Action: Int]] = [:]

    /// An empty summary.
    public init() {}

    /// The summary of decisions held in memory.
    public init(_ decisions: [PlanDecision]) {
        for d in decisions { counts[d.collection, default: [:]][d.action, default: 0] += 1 }
    }

    /// Decisions of `action`, over every collection.
    public func count(_ action: PlanDecision.Action) -> Int {
        counts.values.reduce(0) { $0 + ($1[action] ?? 0) }
    }

    /// Creates, updates and deletes.
    public var writes: Int { PlanDecision.Action.allCases.filter(\.isWrite).reduce(0) { $0 + count($1) } }
}

/// What ``MigrationRun/approve`` decides about a plan before anything is journaled.
public enum Approval: Sendable, Hashable {
    /// Journal the plan and apply it.
    case apply
    /// Stop before anything is journaled; ``MigrationRun/Outcome/held`` says why.
    case hold(Hold)

    /// Why a plan was not applied.
    public enum Hold: Sendable, Hashable {
        /// The caller asked only to see the plan.
        case dryRun
        /// The plan deletes `count` live records and the deletes were not confirmed.
        case unconfirmedDeletes(count: Int)
    }

    /// The policy every esmigrate command applies: a dry run holds; a plan that deletes holds unless
    /// `confirmDeletes` confirms the count (a `--yes`, or a prompt answered yes); anything else applies.
    public static func standard(_ summary: PlanSummary, dryRun: Bool,
                                confirmDeletes: (Int) -> Bool) -> Approval {
        if dryRun { return .hold(.dryRun) }
        let deletes = summary.count(.delete)
        if deletes > 0, !confirmDeletes(deletes) { return .hold(.unconfirmedDeletes(count: deletes)) }
        return .apply
    }
}

public import ESAPI
public import ESMigration
import ESRecords

extension PlanBuilder {
    /// Plans `desired` against the live collections it touches, in memory (the reference planner, for
    /// small inputs and tests; ``PlanStore`` plans any size).
    package static func plan<C: Clock>(_ desired: [DesiredRecord], mode: ImportMode, client: EmailSecurityClient<C>)
        async throws -> [PlanDecision] where C.Duration == Duration
    {
        let touched = Set(desired.map(\.record.collection))
        var live: [NormalizedRecord] = []
        for collection in SettingsCollection.allCases where touched.contains(collection) {
            live += try await LiveState.fetch(collection, client: client)
        }
        return Planner.plan(desired: desired, live: live, mode: mode)
    }
}

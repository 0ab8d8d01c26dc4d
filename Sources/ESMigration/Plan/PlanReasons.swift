public import ESRecords

/// Why the plan decided as it did, in the words of `plan`'s report and `--plan-out`: the one home of these
/// texts, for the SQL planner (``PlanStore``) and the tests' in-memory reference planner alike.
package enum PlanReasons {
    /// Why a record is a duplicate of an earlier input record (R34 across files).
    package static func duplicate(_ record: NormalizedRecord, first: NormalizedRecord, firstSource: String?) -> String {
        let differs = !first.hasSameContent(as: record)
        return "also at \(firstSource ?? "an earlier input")" + (differs
            ? " with other content (\(record.differingFields(from: first).joined(separator: ", "))); the first one is imported"
            : "")
    }

    /// Why a record whose live counterpart has other content is an update (or, in create mode, a conflict).
    package static func differs(_ record: NormalizedRecord, live: NormalizedRecord, mode: ImportMode) -> String {
        let fields = record.differingFields(from: live).joined(separator: ", ")
        return mode == .create
            ? "live record \(live.id?.rawValue ?? "?") differs in \(fields); the upsert mode updates it"
            : "differs in \(fields)"
    }

    /// Why a record whose key several live records share is a conflict.
    package static func sharedKey(_ ids: [RecordID]) -> String {
        "\(ids.count) live records share this key (\(ids.map(\.rawValue).joined(separator: ", "))); remove the extra ones first"
    }
}

public import ESRecords

/// Decides, record by record, what an import must do to bring live collections to the input (pure).
///
/// Matching is by natural key (`NormalizedRecord.naturalKey`): a desired record with no live match is a
/// create; with one match of the same content, unchanged; with other content, an update in upsert and sync
/// modes and a conflict in create mode; with several live matches, a conflict (the API has no uniqueness
/// rule, so duplicates can exist and esmigrate will not guess which one to keep). In sync mode, live records
/// with no desired counterpart are deleted — only in the collections the input touches.
package enum Planner {
    /// A desired record and where it came from.
    package struct Desired: Sendable, Hashable {
        public var record: NormalizedRecord
        public var source: String?
        /// A record the input asks for, and where it came from (`file:line`, for reports).
        public init(record: NormalizedRecord, source: String? = nil) {
            self.record = record
            self.source = source
        }
    }

    /// Decides, in memory, what to do with each desired record against the live ones: create, update,
    /// unchanged, duplicate, conflict, or (sync) delete.
    ///
    /// The reference of the rules; `PlanStore` applies the same ones in SQLite for inputs of any size.
    public static func plan(desired: [Desired], live: [NormalizedRecord], mode: ImportMode) -> [PlanDecision] {
        var liveByKey: [String: [NormalizedRecord]] = [:]
        for r in live { liveByKey[r.naturalKey, default: []].append(r) }
        var decisions: [PlanDecision] = []
        var matchedKeys = Set<String>()
        var firstSeen: [String: Desired] = [:]
        var touched = Set<SettingsCollection>()
        for d in desired {
            let key = d.record.naturalKey
            touched.insert(d.record.collection)
            matchedKeys.insert(key)
            // Files are de-duplicated one by one; across files the first occurrence wins too (R34).
            if let first = firstSeen[key] {
                decisions.append(PlanDecision(
                    .duplicate(d.record),
                    reason: duplicateReason(d.record, first: first.record, firstSource: first.source),
                    source: d.source))
                continue
            }
            firstSeen[key] = d
            let matches = liveByKey[key] ?? []
            switch matches.count {
            case 0:
                decisions.append(PlanDecision(.create(d.record), source: d.source))
            case 1:
                let live = matches[0]
                if live.hasSameContent(as: d.record) {
                    decisions.append(PlanDecision(.unchanged(d.record, live: live), source: d.source))
                } else {
                    decisions.append(PlanDecision(
                        mode == .create ? .conflict(d.record, live: live) : .update(d.record, live: live),
                        reason: differsReason(d.record, live: live, mode: mode), source: d.source))
                }
            default:
                decisions.append(PlanDecision(.conflict(d.record, live: matches[0]),
                                              reason: sharedKeyReason(matches.compactMap(\.id)), source: d.source))
            }
        }
        if mode == .sync {
            for r in live where touched.contains(r.collection) && !matchedKeys.contains(r.naturalKey) {
                if r.isReadOnly { continue }   // directory-synced: never ours to delete
                decisions.append(PlanDecision(.delete(live: r), reason: "not in the input"))
            }
        }
        return decisions
    }

    /// Why a record is a duplicate of an earlier input record (R34 across files).
    static func duplicateReason(_ record: NormalizedRecord, first: NormalizedRecord, firstSource: String?) -> String {
        let differs = !first.hasSameContent(as: record)
        return "also at \(firstSource ?? "an earlier input")" + (differs
            ? " with other content (\(differingFields(record, first).joined(separator: ", "))); the first one is imported"
            : "")
    }

    /// Why a record whose live counterpart has other content is an update (or, in create mode, a conflict).
    static func differsReason(_ record: NormalizedRecord, live: NormalizedRecord, mode: ImportMode) -> String {
        let fields = differingFields(record, live).joined(separator: ", ")
        return mode == .create
            ? "live record \(live.id?.rawValue ?? "?") differs in \(fields); the upsert mode updates it"
            : "differs in \(fields)"
    }

    /// Why a record whose key several live records share is a conflict.
    static func sharedKeyReason(_ ids: [RecordID]) -> String {
        "\(ids.count) live records share this key (\(ids.map(\.rawValue).joined(separator: ", "))); remove the extra ones first"
    }

    /// The wire names of the fields whose values differ.
    static func differingFields(_ a: NormalizedRecord, _ b: NormalizedRecord) -> [String] {
        a.differingFields(from: b)
    }
}

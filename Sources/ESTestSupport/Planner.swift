public import ESMigration
public import ESRecords

/// The tests' reference planner: decides in memory, record by record, what an import must do to bring live
/// collections to the input (pure). ``PlanStore`` decides the same in SQLite for inputs of any size, and
/// `PlanStoreTests` holds the two to the same decisions.
///
/// Matching is by natural key (`NormalizedRecord.naturalKey`): a desired record with no live match is a
/// create; with one match of the same content, unchanged; with other content, an update in upsert and sync
/// modes and a conflict in create mode; with several live matches, a conflict (the API has no uniqueness
/// rule, so duplicates can exist and esmigrate will not guess which one to keep). In sync mode, live records
/// with no desired counterpart are deleted — only in the collections the input touches.
package enum Planner {
    /// A desired record and where it came from.
    package typealias Desired = DesiredRecord

    /// Decides, in memory, what to do with each desired record against the live ones: create, update,
    /// unchanged, duplicate, conflict, or (sync) delete.
    ///
    /// The reference of the rules; `PlanStore` applies the same ones in SQLite for inputs of any size.
    package static func plan(desired: [Desired], live: [NormalizedRecord], mode: ImportMode) -> [PlanDecision] {
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
                    reason: PlanReasons.duplicate(d.record, first: first.record, firstSource: first.source),
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
                        reason: PlanReasons.differs(d.record, live: live, mode: mode), source: d.source))
                }
            default:
                decisions.append(PlanDecision(.conflict(d.record, live: matches[0]),
                                              reason: PlanReasons.sharedKey(matches.compactMap(\.id)), source: d.source))
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
}

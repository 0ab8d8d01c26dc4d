public import ESRecords

/// One write of a journaled plan, with exactly the records it needs.
///
/// `before` is the live record as the plan saw it: what an update replaces and a delete removes (journals
/// written before esmigrate 0.3 did not keep it, so it may be absent when such a journal is resumed).
public enum PlannedWrite: Sendable, Hashable {
    /// Create `record`.
    case create(NormalizedRecord)
    /// Replace the fields of the live record `target` with `record`'s.
    case update(target: RecordID, NormalizedRecord, before: NormalizedRecord?)
    /// Delete the live record `target`.
    case delete(target: RecordID, before: NormalizedRecord?)

    /// The plan action this write carries out.
    public var action: PlanDecision.Action {
        switch self {
        case .create: .create
        case .update: .update
        case .delete: .delete
        }
    }

    /// The record to create or to update to.
    public var record: NormalizedRecord? {
        switch self {
        case .create(let r), .update(_, let r, _): r
        case .delete: nil
        }
    }

    /// The live record's id (updates and deletes).
    public var target: RecordID? {
        switch self {
        case .create: nil
        case .update(let id, _, _), .delete(let id, _): id
        }
    }

    /// The live record before the write, when the journal kept it.
    public var before: NormalizedRecord? {
        switch self {
        case .create: nil
        case .update(_, _, let b), .delete(_, let b): b
        }
    }
}

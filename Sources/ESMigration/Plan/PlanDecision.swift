public import ESRecords

/// What the plan does with one record.
///
/// Each kind of decision carries exactly the records it concerns (``Change``), so a create always has its
/// record, an update its record and the live one it replaces, and a delete the live record it removes.
public struct PlanDecision: Sendable, Hashable {
    /// The kinds of decision; `create`, `update` and `delete` are writes.
    public enum Action: String, Sendable, Hashable, CaseIterable, Codable {
        case create, update, unchanged, conflict, delete
        /// The same natural key appears earlier in the input (in another file): the first one wins (R34).
        case duplicate

        public var isWrite: Bool { self == .create || self == .update || self == .delete }
    }

    /// A decision with the records it concerns.
    public enum Change: Sendable, Hashable {
        /// No live record has the key: the input record is created.
        case create(NormalizedRecord)
        /// One live record has the key with other content: it is replaced by the input record.
        case update(NormalizedRecord, live: NormalizedRecord)
        /// One live record has the key and the same content.
        case unchanged(NormalizedRecord, live: NormalizedRecord)
        /// Other content in create mode, or several live records with the key (`live` is the first listed).
        case conflict(NormalizedRecord, live: NormalizedRecord)
        /// A live record is removed (sync mode, bulk deletes, domain unprotects).
        case delete(live: NormalizedRecord)
        /// An earlier input record has the same key (R34 across files).
        case duplicate(NormalizedRecord)
    }

    public var change: Change
    /// Why, for conflicts and updates (which fields differ).
    public var reason: String?
    /// Where the input record came from (`file:line`).
    public var source: String?

    /// A decision about one record.
    public init(_ change: Change, reason: String? = nil, source: String? = nil) {
        self.change = change
        self.reason = reason
        self.source = source
    }

    /// The kind of decision.
    public var action: Action {
        switch change {
        case .create: .create
        case .update: .update
        case .unchanged: .unchanged
        case .conflict: .conflict
        case .delete: .delete
        case .duplicate: .duplicate
        }
    }

    /// The input record (absent for deletes).
    public var desired: NormalizedRecord? {
        switch change {
        case .create(let r), .update(let r, _), .unchanged(let r, _), .conflict(let r, _), .duplicate(let r): r
        case .delete: nil
        }
    }

    /// The live record it matched (absent for creates and duplicates).
    public var live: NormalizedRecord? {
        switch change {
        case .update(_, let l), .unchanged(_, let l), .conflict(_, let l), .delete(let l): l
        case .create, .duplicate: nil
        }
    }

    /// The record concerned: the input record, or the live one for a delete.
    public var record: NormalizedRecord {
        switch change {
        case .create(let r), .update(let r, _), .unchanged(let r, _), .conflict(let r, _), .duplicate(let r): r
        case .delete(let l): l
        }
    }

    /// The collection of the record concerned.
    public var collection: SettingsCollection { record.collection }

    /// The natural key of the record concerned.
    public var naturalKey: String { record.naturalKey }
}

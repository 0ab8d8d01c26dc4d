public import ESRecords

/// What the plan does with one record.
public struct PlanDecision: Sendable, Hashable {
    /// The kinds of decision; `create`, `update` and `delete` are writes.
    public enum Action: String, Sendable, Hashable, CaseIterable, Codable {
        case create, update, unchanged, conflict, delete
        /// The same natural key appears earlier in the input (in another file): the first one wins (R34).
        case duplicate

        public var isWrite: Bool { self == .create || self == .update || self == .delete }
    }

    public var action: Action
    public var collection: SettingsCollection
    /// The input record (absent for deletes).
    public var desired: NormalizedRecord?
    /// The live record it matched (absent for creates).
    public var live: NormalizedRecord?
    /// Why, for conflicts and updates (which fields differ).
    public var reason: String?
    /// Where the input record came from (`file:line`).
    public var source: String?

    /// A decision about one record.
    public init(action: Action, collection: SettingsCollection, desired: NormalizedRecord? = nil,
                live: NormalizedRecord? = nil, reason: String? = nil, source: String? = nil) {
        self.action = action
        self.collection = collection
        self.desired = desired
        self.live = live
        self.reason = reason
        self.source = source
    }

    /// The natural key of the record concerned.
    public var naturalKey: String { (desired ?? live)!.naturalKey }
}

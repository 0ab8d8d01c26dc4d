public import ESRecords

/// One difference between two states of an account: a record added, removed or changed, matched by its
/// natural key within its collection.
public struct RecordDiff: Sendable {
    /// What happened to the record from the first state to the second.
    public enum Change: String, Sendable, Hashable {
        case added, removed, changed
    }

    /// One field whose value differs (a dotted path for nested objects: `authorization.authorized`).
    public struct Field: Sendable, Hashable {
        public var name: String
        /// The value in the first state, or `nil` when absent there.
        public var old: JSONValue?
        /// The value in the second state, or `nil` when absent there.
        public var new: JSONValue?
    }

    public var collection: SettingsCollection
    public var change: Change
    /// The pattern, name and email, or domain, as a reader knows the record.
    public var key: String
    /// The record in the first state (as compared: ids and timestamps dropped unless asked for).
    public var old: JSONValue?
    /// The record in the second state.
    public var new: JSONValue?
    /// For a change: the fields that differ, in name order.
    public var fields: [Field]
}

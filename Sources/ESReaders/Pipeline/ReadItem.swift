public import ESRecords

/// One reported input item: its outcome and its text in the source's own format (for rejects files).
public struct ReadItem: Sendable {
    public var outcome: RowOutcome
    /// The raw CSV record, JSON line or re-serialized XML entry.
    public var source: String
    /// For XML entries, the local names of the entry's ancestors (to rebuild the list it was in).
    public var context: [String]

    public init(outcome: RowOutcome, source: String, context: [String]) {
        self.outcome = outcome
        self.source = source
        self.context = context
    }
}

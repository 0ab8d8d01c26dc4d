public import ESRecords

/// One reported input item: its outcome and its text in the source's own format (for rejects files).
public struct ReadItem: Sendable {
    /// Where the source text comes from; XML entries and JSON units are re-serialized only when asked
    /// (rejects files), which would otherwise cost more than parsing them.
    enum SourceText: Sendable {
        case text(String)
        case xml(XMLRecord)
        case json(JSONUnit)
    }

    public var outcome: RowOutcome
    let sourceText: SourceText
    /// For XML entries, the local names of the entry's ancestors (to rebuild the list it was in).
    public var context: [String]

    /// Creates an item.
    public init(outcome: RowOutcome, source: String, context: [String]) {
        self.init(outcome: outcome, sourceText: .text(source), context: context)
    }

    init(outcome: RowOutcome, sourceText: SourceText, context: [String]) {
        self.outcome = outcome
        self.sourceText = sourceText
        self.context = context
    }

    /// The raw CSV record, JSON line, text line, re-serialized XML entry or JSON unit, or Cisco HAT line.
    public var source: String {
        switch sourceText {
        case .text(let s): s
        case .xml(let record): record.serialized
        case .json(let unit): unit.rejectsText
        }
    }
}

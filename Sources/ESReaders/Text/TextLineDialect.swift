import ESRecords

/// A line-based text dialect (§15.1): maps one logical line to its items (none for a line the dialect does
/// not report, several when a line holds several values).
package protocol TextLineDialect: Sendable {
    /// Whether a line that starts with white space continues the one before it (Postfix).
    static var joinsContinuationLines: Bool { get }
    /// The items of `line`, in value order.
    func map(_ line: TextLine) -> [MappedItem]
}

extension TextLineDialect {
    public static var joinsContinuationLines: Bool { false }

    /// One entry of `line`.
    func entry(_ line: TextLine, _ entry: RawEntry) -> MappedItem {
        .entry(line: line.line, input: line.source, entry: entry)
    }

    /// One finished outcome of `line`.
    func skipped(_ line: TextLine, _ reason: ReasonCode) -> MappedItem {
        .outcome(.skipped(reason, line: line.line, input: line.source))
    }

    func rejected(_ line: TextLine, _ reason: ReasonCode, detail: String? = nil) -> MappedItem {
        .outcome(.rejected(reason, line: line.line, input: line.source, detail: detail))
    }
}

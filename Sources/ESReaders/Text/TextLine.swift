import ESRecords

/// One logical line of a line-based text file (§15.1), decoded: a physical line, or for Postfix a line with
/// its continuation lines.
package struct TextLine: Sendable, Hashable {
    /// The first physical line's number.
    public var line: Int
    /// The decoded text; continuation lines are appended trimmed, after one space.
    public var text: String
    /// The physical lines as they were (joined with LF), for rejects files.
    public var source: String
    /// Some physical line was not valid UTF-8 and was decoded as Windows-1252.
    public var usedLegacyEncoding: Bool
    /// The physical line (or the logical line its continuations make) ran past the reader's cap; ``text``
    /// holds its first bytes only.
    public var isTooLong: Bool
    /// An indented line where a logical line should start: there is nothing before it to continue (Postfix's
    /// `postmap` refuses such a table).
    public var continuesNothing = false

    /// The text without leading and trailing blanks (R9).
    public var trimmed: String { TextCleaning.trim(text) }

    /// Whether the line is empty or white space only.
    public var isBlank: Bool { trimmed.isEmpty }

    /// Whether the first non-blank character is `#`.
    public var isComment: Bool { trimmed.utf8.first == UInt8(ascii: "#") }
}

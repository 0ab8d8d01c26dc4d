import ESRecords

/// One CSV record (a row, possibly spanning several physical lines).
public struct CSVRecord: Sendable, Hashable {
    /// 1-based physical line where the record starts.
    public var line: Int
    /// Physical lines the record spans (more than one when a quoted field holds line breaks).
    public var lineCount: Int
    /// The decoded cells, untrimmed.
    public var fields: [String]
    /// The record's raw text, without its line terminator (for reports and rejects files).
    public var raw: String
    /// An unterminated quote or an oversized record: the row is reported as `malformed_csv`.
    public var isMalformed: Bool
    /// The record was not valid UTF-8 and was decoded as Windows-1252.
    public var usedLegacyEncoding: Bool

    public init(line: Int, lineCount: Int = 1, fields: [String], raw: String, isMalformed: Bool = false,
                usedLegacyEncoding: Bool = false) {
        self.line = line
        self.lineCount = lineCount
        self.fields = fields
        self.raw = raw
        self.isMalformed = isMalformed
        self.usedLegacyEncoding = usedLegacyEncoding
    }

    /// Whether every cell is empty after trimming (a blank line or a `;;;` row, R8).
    public var isBlank: Bool {
        fields.allSatisfy { TextCleaning.trim($0).isEmpty }
    }
}

import ESRecords

/// One CSV record (a row, possibly spanning several physical lines).
///
/// Cells are kept as one byte buffer with end offsets and decoded on demand, so a dialect that only wants
/// trimmed cells pays for one string per cell, not two.
package struct CSVRecord: Sendable, Hashable {
    /// 1-based physical line where the record starts.
    public var line: Int
    /// Physical lines the record spans (more than one when a quoted field holds line breaks).
    public var lineCount: Int
    /// The record's raw text, without its line terminator (for reports and rejects files).
    public var raw: String
    /// An unterminated quote or an oversized record: the row is reported as `malformed_csv`.
    public var isMalformed: Bool
    /// The record was not valid UTF-8 and was decoded as Windows-1252.
    public var usedLegacyEncoding: Bool
    /// The record ran past the reader's cap: `raw` holds only its first bytes, and it has no cells.
    public var isTooLong = false
    /// The cells' bytes back to back (quotes removed, `""` unescaped) and where each cell ends.
    var cellBytes: [UInt8]
    var cellEnds: [Int]

    /// Creates a record as the reader found it.
    public init(line: Int, lineCount: Int = 1, fields: [String], raw: String, isMalformed: Bool = false,
                usedLegacyEncoding: Bool = false) {
        self.line = line
        self.lineCount = lineCount
        self.raw = raw
        self.isMalformed = isMalformed
        self.usedLegacyEncoding = usedLegacyEncoding
        cellBytes = []
        cellEnds = []
        for f in fields {
            cellBytes.append(contentsOf: f.utf8)
            cellEnds.append(cellBytes.count)
        }
    }

    init(line: Int, lineCount: Int, cellBytes: [UInt8], cellEnds: [Int], raw: String, usedLegacyEncoding: Bool) {
        self.line = line
        self.lineCount = lineCount
        self.raw = raw
        self.isMalformed = false
        self.usedLegacyEncoding = usedLegacyEncoding
        self.cellBytes = cellBytes
        self.cellEnds = cellEnds
    }

    /// The number of cells.
    public var count: Int { cellEnds.count }

    /// The decoded cells, untrimmed.
    public var fields: [String] {
        (0..<cellEnds.count).map { cell($0, trimmed: false) }
    }

    /// The decoded cells, each trimmed (R9).
    public var trimmedFields: [String] {
        (0..<cellEnds.count).map { cell($0, trimmed: true) }
    }

    /// One cell, decoded as UTF-8 (Windows-1252 when the record is not valid UTF-8).
    public func cell(_ index: Int, trimmed: Bool) -> String {
        let start = index == 0 ? 0 : cellEnds[index - 1]
        return cellBytes.withUnsafeBufferPointer { all in
            var s = start, e = cellEnds[index]
            if trimmed {
                while s < e {
                    let n = TextCleaning.trimmableLength(all, at: s)
                    if n == 0 || s + n > e { break }
                    s += n
                }
                while e > s {
                    let n = TextCleaning.trimmableLength(UnsafeBufferPointer(rebasing: all[s..<e]), endingAt: e - s)
                    if n == 0 { break }
                    e -= n
                }
            }
            let slice = UnsafeBufferPointer(rebasing: all[s..<e])
            if usedLegacyEncoding, String(validating: slice, as: UTF8.self) == nil {
                let decoded = TextEncoding.windows1252(slice)
                return trimmed ? TextCleaning.trim(decoded) : decoded
            }
            return String(decoding: slice, as: UTF8.self)
        }
    }

    /// Whether every cell is empty after trimming (a blank line or a `;;;` row, R8).
    public var isBlank: Bool {
        cellBytes.withUnsafeBufferPointer { all in
            var i = 0
            while i < all.count {
                let n = TextCleaning.trimmableLength(all, at: i)
                if n == 0 { return false }
                i += n
            }
            return true
        }
    }
}

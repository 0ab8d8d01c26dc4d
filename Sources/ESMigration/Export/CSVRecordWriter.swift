public import ESRecords
import ESReaders

/// RFC 4180 CSV (comma, CRLF, UTF-8 without BOM) with the columns of ``ExportSchema``.
///
/// A cell is quoted when it holds a comma, a quote, CR or LF, or starts or ends with a space.
package final class CSVRecordWriter: ExportRecordWriter {
    private let output: ByteOutput
    private let schema: ExportSchema
    private var line: [UInt8] = []

    /// Creates the CSV file at `path` and writes `schema`'s header.
    public init(path: String, schema: ExportSchema) throws {
        output = try ByteOutput(path: path)
        self.schema = schema
        try writeRow(schema.header)
    }

    public func write(_ object: JSONValue) throws {
        try writeRow(schema.cells(of: object))
    }

    public func finish() throws { try output.flush() }

    func writeRow(_ cells: [String]) throws {
        Self.encodeRow(cells, into: &line)
        try output.write(line)
    }

    /// Replaces `line` with one CRLF-terminated CSV row of `cells`.
    static func encodeRow(_ cells: [String], into line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        for (i, cell) in cells.enumerated() {
            if i > 0 { line.append(UInt8(ascii: ",")) }
            appendCell(cell, to: &line)
        }
        line.append(13)
        line.append(10)
    }

    static func appendCell(_ cell: String, to line: inout [UInt8]) {
        let utf8 = cell.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
            || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
        guard needsQuotes else {
            line.append(contentsOf: utf8)
            return
        }
        line.append(UInt8(ascii: "\""))
        for b in utf8 {
            if b == UInt8(ascii: "\"") { line.append(b) }
            line.append(b)
        }
        line.append(UInt8(ascii: "\""))
    }
}

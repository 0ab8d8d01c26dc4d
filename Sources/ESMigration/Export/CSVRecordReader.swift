public import ESRecords
import ESReaders

/// Reads an export's CSV: the header must be exactly ``ExportSchema/header``.
package final class CSVRecordReader: ExportRecordReader {
    private let reader: CSVReader
    private let schema: ExportSchema
    private let path: String

    /// Opens an export CSV and checks its header against `schema`.
    ///
    /// - Throws: ``ExportError`` of kind ``ExportError/Kind/malformed`` naming the file and line.
    public init(path: String, schema: ExportSchema) throws {
        self.path = path
        self.schema = schema
        reader = CSVReader(input: try ByteInput(path: path, followSymlinks: false))
        guard let header = try reader.next() else {
            throw ExportError.malformed("empty file; an export CSV starts with its header", file: path, line: 1)
        }
        guard header.fields == schema.header else {
            throw ExportError.malformed(
                "the header is not the \(schema.collection) export header "
                    + "(expected \(schema.header.joined(separator: ",")))", file: path, line: 1)
        }
    }

    public func next() throws -> (line: Int, object: JSONValue)? {
        guard let record = try reader.next() else { return nil }
        guard !record.isTooLong else { throw ExportError.malformed("the record is longer than \(ReadLimits.defaultMaxRecordBytes) bytes", file: path, line: record.line) }
        guard !record.isMalformed else { throw ExportError.malformed("malformed CSV record", file: path, line: record.line) }
        guard record.count == schema.header.count else {
            throw ExportError.malformed(
                "\(record.count) cells where the header has \(schema.header.count)", file: path, line: record.line)
        }
        do {
            return (record.line, try schema.object(from: record.fields))
        } catch let e as ExportError {
            throw ExportError.malformed(e.message, file: path, line: record.line)
        }
    }
}

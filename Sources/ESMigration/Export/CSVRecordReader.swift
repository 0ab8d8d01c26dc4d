public import ESRecords
import ESReaders

/// Reads an export's CSV: the header must be exactly ``ExportSchema/header``.
public final class CSVRecordReader: ExportRecordReader {
    private let reader: CSVReader
    private let schema: ExportSchema
    private let path: String

    public init(path: String, schema: ExportSchema) throws {
        self.path = path
        self.schema = schema
        reader = CSVReader(input: try ByteInput(path: path, followSymlinks: false))
        guard let header = try reader.next() else {
            throw ExportError.malformed("\(path):1: empty file; an export CSV starts with its header")
        }
        guard header.fields == schema.header else {
            throw ExportError.malformed(
                "\(path):1: the header is not the \(schema.collection) export header "
                    + "(expected \(schema.header.joined(separator: ",")))")
        }
    }

    public func next() throws -> (line: Int, object: JSONValue)? {
        guard let record = try reader.next() else { return nil }
        guard !record.isTooLong else { throw ExportError.malformed("\(path):\(record.line): the record is longer than \(ReadLimits.defaultMaxRecordBytes) bytes") }
        guard !record.isMalformed else { throw ExportError.malformed("\(path):\(record.line): malformed CSV record") }
        guard record.count == schema.header.count else {
            throw ExportError.malformed(
                "\(path):\(record.line): \(record.count) cells where the header has \(schema.header.count)")
        }
        do {
            return (record.line, try schema.object(from: record.fields))
        } catch let e as ExportError {
            throw ExportError.malformed("\(path):\(record.line): \(e)")
        }
    }
}

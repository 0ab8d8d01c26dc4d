public import ESRecords
import ESReaders

/// Reads an export's JSON Lines: every line one JSON object.
package final class JSONLRecordReader: ExportRecordReader {
    private let lines: JSONLinesReader
    private let path: String

    /// Opens a backup's JSON Lines file (symbolic links refused).
    public init(path: String) throws {
        self.path = path
        lines = JSONLinesReader(input: try ByteInput(path: path, followSymlinks: false))
    }

    public func next() throws -> (line: Int, object: JSONValue)? {
        guard let line = try lines.next() else { return nil }
        switch line.value {
        case .success(let value):
            guard case .object = value, !line.isBlank else {
                throw ExportError.malformed("not a JSON object", file: path, line: line.line)
            }
            return (line.line, value)
        case .failure(let error):
            throw ExportError.malformed("invalid JSON: \(error)", file: path, line: line.line)
        }
    }
}

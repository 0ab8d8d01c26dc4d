public import ESRecords
import ESReaders

/// One compact JSON object per line, `\n`-terminated, UTF-8 without BOM.
package final class JSONLRecordWriter: ExportRecordWriter {
    private let output: ByteOutput
    private var json = JSONWriter(capacity: 1024)

    /// Creates a JSON Lines file at `path`.
    public init(path: String) throws {
        output = try ByteOutput(path: path)
    }

    public func write(_ object: JSONValue) throws {
        json.reset()
        object.write(to: &json)
        json.newline()
        try output.write(json.bytes)
    }

    public func finish() throws { try output.flush() }
}

public import ESRecords
import ESReaders

/// Allow policies as the dashboard's upload CSV: `Pattern, Notes, Verify Email, Trusted Sender, Exempt
/// Recipient, Acceptable Sender` (`legacy-formats.md` §1), one policy per row.
///
/// The dashboard infers the pattern type and takes no regex flag, ids or timestamps, so this file is for
/// uploading, not for backups. The dashboard refuses uploads of 150 KB or more; ``byteCount`` lets the
/// caller warn.
package final class DashboardAllowCSVWriter: ExportRecordWriter {
    private let output: ByteOutput
    private var line: [UInt8] = []
    /// Bytes written so far.
    public private(set) var byteCount = 0
    /// The dashboard's upload limit.
    public static let uploadLimit = 150 * 1024

    /// Creates the dashboard's allow-policy upload CSV at `path`.
    public init(path: String) throws {
        output = try ByteOutput(path: path)
        // The header exactly as documented, blanks after the commas included.
        let header = Array("Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender\r\n".utf8)
        byteCount = header.count
        try output.write(header)
    }

    public func write(_ object: JSONValue) throws {
        func flag(_ name: String) -> String { object[name] == .bool(true) ? "true" : "false" }
        try writeRow([object["pattern"]?.stringValue ?? "", object["comments"]?.stringValue ?? "",
                      flag("verify_sender"), flag("is_trusted_sender"), flag("is_exempt_recipient"),
                      flag("is_acceptable_sender")])
    }

    public func finish() throws { try output.flush() }

    private func writeRow(_ cells: [String]) throws {
        CSVRecordWriter.encodeRow(cells, into: &line)
        byteCount += line.count
        try output.write(line)
    }
}

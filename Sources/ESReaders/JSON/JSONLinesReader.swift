public import ESRecords

/// A streaming JSON Lines reader: one value per physical line; BOM and CRLF tolerated (R11).
package final class JSONLinesReader {
    /// One physical line and what it parsed to.
    package struct Line: Sendable {
        public var line: Int
        public var raw: String
        /// The parsed value, or the syntax error (reported as `invalid_json`, never fatal).
        public var value: Result<JSONValue, JSONParser.SyntaxError>
        public var isBlank: Bool
    }

    /// One physical line's bytes, not yet parsed.
    package typealias RawLine = PhysicalLineReader.RawLine

    let lines: PhysicalLineReader
    public var input: ByteInput { lines.input }
    /// Longest line held (see ``PhysicalLineReader/maxLineBytes``).
    public var maxLineBytes: Int { lines.maxLineBytes }

    /// A reader of lines from `input`, holding at most `maxLineBytes` of one line.
    public init(input: ByteInput, maxLineBytes: Int = ReadLimits.defaultMaxRecordBytes) {
        lines = PhysicalLineReader(input: input, maxLineBytes: maxLineBytes)
    }

    /// Reads and parses the next line, or `nil` at end of input.
    ///
    /// - Throws: ``ReaderError`` (`too_long`) for a line past the cap: this reads backups, where a line is a
    ///   record and there is no row-level report to put it in.
    public func next() throws -> Line? {
        guard let raw = try nextRaw() else { return nil }
        guard !raw.isTooLong else {
            throw ReaderError(.tooLong, file: input.path, line: raw.line,
                              message: "the line is longer than \(maxLineBytes) bytes")
        }
        return raw.bytes.withUnsafeBufferPointer { Self.parse(line: raw.line, bytes: $0) }
    }

    /// Parses one raw line (done off the reading task when normalizing in parallel).
    public static func parse(line: Int, bytes: UnsafeBufferPointer<UInt8>) -> Line {
        let blank = bytes.allSatisfy { $0 == 32 || $0 == 9 }
        let decoded = TextEncoding.decode(bytes)
        let value: Result<JSONValue, JSONParser.SyntaxError>
        if blank {
            value = .success(.null)
        } else {
            do throws(JSONParser.SyntaxError) { value = .success(try JSONParser.parse(bytes)) }
            catch { value = .failure(error) }
        }
        return Line(line: line, raw: decoded.text, value: value, isBlank: blank)
    }

    /// Reads the next physical line's bytes without parsing them, or `nil` at end of input.
    public func nextRaw() throws -> RawLine? { try lines.next() }
}

public import ESRecords

/// A streaming JSON Lines reader: one value per physical line; BOM and CRLF tolerated (R11).
public final class JSONLinesReader {
    /// One physical line and what it parsed to.
    public struct Line: Sendable {
        public var line: Int
        public var raw: String
        /// The parsed value, or the syntax error (reported as `invalid_json`, never fatal).
        public var value: Result<JSONValue, JSONParser.SyntaxError>
        public var isBlank: Bool
    }

    /// One physical line's bytes, not yet parsed.
    public struct RawLine: Sendable {
        public var line: Int
        /// The line without its terminator; only its first bytes when ``isTooLong``.
        public var bytes: [UInt8]
        /// The line ran past ``JSONLinesReader/maxLineBytes``; the rest of it was skipped.
        public var isTooLong: Bool
    }

    public let input: ByteInput
    public private(set) var nextLine = 1
    /// Longest line held: a longer one is returned as one too-long line, whatever its length, with its real
    /// line number, and skipped in constant memory.
    public let maxLineBytes: Int

    /// A reader of lines from `input`, holding at most `maxLineBytes` of one line.
    public init(input: ByteInput, maxLineBytes: Int = ReadLimits.defaultMaxRecordBytes) {
        self.input = input
        self.maxLineBytes = maxLineBytes
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
    public func nextRaw() throws -> RawLine? {
        if input.available.isEmpty, !(try input.fill()) { return nil }
        var i = 0
        while true {
            let buf = input.available
            while i < buf.count, buf[i] != 10, buf[i] != 13 { i += 1 }
            if i < buf.count { break }
            if i > maxLineBytes { return try skipTooLong() }
            if !(try input.fill()) { break }
        }
        var buf = input.available
        var terminator = 0
        if i < buf.count {
            if buf[i] == 13 {
                if i + 1 >= buf.count { _ = try input.fill(); buf = input.available }
                terminator = (i + 1 < buf.count && buf[i + 1] == 10) ? 2 : 1
            } else {
                terminator = 1
            }
        }
        let bytes = Array(buf[0..<i])
        let lineNumber = nextLine
        input.consume(i + terminator)
        nextLine += 1
        return RawLine(line: lineNumber, bytes: bytes, isTooLong: false)
    }

    /// Keeps the first bytes of a line past the cap and skips the rest of it, one buffer at a time.
    private func skipTooLong() throws -> RawLine {
        let lineNumber = nextLine
        let head = Array(input.available.prefix(ReadLimits.excerptBytes))
        nextLine += 1
        while true {
            let buf = input.available
            guard let end = buf.firstIndex(where: { $0 == 10 || $0 == 13 }) else {
                input.consume(buf.count)
                if try input.fill() { continue }
                break
            }
            if buf[end] == 13, end + 1 == buf.count {
                // A CR ending the buffer: an LF may follow in the next one.
                input.consume(end + 1)
                if try input.fill(), input.available.first == 10 { input.consume(1) }
            } else {
                input.consume(end + (buf[end] == 13 && buf[end + 1] == 10 ? 2 : 1))
            }
            break
        }
        return RawLine(line: lineNumber, bytes: head, isTooLong: true)
    }
}

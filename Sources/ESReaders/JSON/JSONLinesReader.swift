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

    public let input: ByteInput
    public private(set) var nextLine = 1
    /// Longest line read (bigger ones are reported as invalid JSON without being held in memory twice).
    public let maxLineBytes: Int

    public init(input: ByteInput, maxLineBytes: Int = 1 << 24) {
        self.input = input
        self.maxLineBytes = maxLineBytes
    }

    /// Reads and parses the next line, or `nil` at end of input.
    public func next() throws -> Line? {
        guard let (line, bytes) = try nextRaw() else { return nil }
        return bytes.withUnsafeBufferPointer { Self.parse(line: line, bytes: $0) }
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
    public func nextRaw() throws -> (line: Int, bytes: [UInt8])? {
        if input.available.isEmpty, !(try input.fill()) { return nil }
        var i = 0
        while true {
            let buf = input.available
            while i < buf.count, buf[i] != 10, buf[i] != 13 { i += 1 }
            if i < buf.count { break }
            if i > maxLineBytes { break }
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
        return (lineNumber, bytes)
    }
}

/// Splits a byte stream into physical lines (R2: LF, CRLF or a lone CR ends a line), with their numbers, in
/// constant memory: JSON Lines and the line-based text dialects read through it.
package final class PhysicalLineReader {
    /// One physical line's bytes, not yet decoded.
    package struct RawLine: Sendable {
        public var line: Int
        /// The line without its terminator; only its first bytes when ``isTooLong``.
        public var bytes: [UInt8]
        /// The line ran past ``PhysicalLineReader/maxLineBytes``; the rest of it was skipped.
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

    /// Reads the next physical line's bytes without parsing them, or `nil` at end of input.
    public func next() throws -> RawLine? {
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

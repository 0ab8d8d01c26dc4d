import ESRecords

/// A streaming JSON tokenizer (§15.1's JSON text streams): one or more values separated by white space,
/// read as events with the line of each token's first character, in constant memory whatever the size of a
/// document (a string longer than the cap is cut, and the event says so).
///
/// The input is UTF-8 (a UTF-16 file is transcoded by ``ByteInput`` first). The grammar is checked as the
/// events are read: the first violation throws a ``SyntaxError`` naming the line where the top-level value
/// being read began.
package final class JSONEventReader {
    /// One token of the stream.
    package enum Event: Sendable, Hashable {
        case beginObject, endObject, beginArray, endArray
        case key(String)
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    /// Where the text stopped being JSON.
    package struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The line where the broken top-level value began (§15.1's decision: the item's line).
        public var valueLine: Int
        /// The line of the offending character.
        public var line: Int
        public var message: String
        public var description: String { "\(message) (line \(line))" }
    }

    private enum State {
        case top, objectKeyOrEnd, objectKey, objectColon, objectValue, objectCommaOrEnd
        case arrayValueOrEnd, arrayValue, arrayCommaOrEnd
    }

    public let input: ByteInput
    /// The current line (of the next unread character).
    public private(set) var line = 1
    /// The line where the top-level value being read began.
    public private(set) var valueLine = 1
    /// Containers open (1 inside a top-level object or array).
    public private(set) var depth = 0
    /// Bytes consumed so far (for unit sizes).
    public var offset: Int64 { input.bufferStartOffset + Int64(input.position) }
    /// Whether the last string or key event was cut at ``maxStringBytes``.
    public private(set) var lastStringWasCut = false
    /// The longest string kept whole.
    public let maxStringBytes: Int
    /// The deepest nesting accepted.
    public static let maxDepth = 512

    private var state = State.top
    private var stack: [Bool] = []   // true: object
    private var lastWasCR = false
    private var scratch: [UInt8] = []

    /// A reader of `input` (positioned after any BOM).
    public init(input: ByteInput, maxStringBytes: Int = ReadLimits.defaultMaxRecordBytes) {
        self.input = input
        self.maxStringBytes = maxStringBytes
    }

    // MARK: Bytes

    @inline(__always)
    private func peek() throws -> UInt8? {
        if input.position >= input.limit, !(try input.fill()) { return nil }
        return input.available[0]
    }

    @inline(__always)
    private func advance() { input.consume(1) }

    private func fail(_ message: String) -> SyntaxError {
        SyntaxError(valueLine: valueLine, line: line, message: message)
    }

    /// Skips white space, counting lines (LF, CRLF or a lone CR).
    private func skipWhitespace() throws {
        while true {
            if input.position >= input.limit, !(try input.fill()) { return }
            let buf = input.available
            var i = 0
            while i < buf.count {
                let b = buf[i]
                if b == 10 {
                    if !lastWasCR { line += 1 }
                    lastWasCR = false
                } else if b == 13 {
                    line += 1
                    lastWasCR = true
                } else if b == 32 || b == 9 {
                    lastWasCR = false
                } else {
                    input.consume(i)
                    return
                }
                i += 1
            }
            input.consume(i)
        }
    }

    // MARK: Events

    /// The next event, or `nil` at the end of the stream (after complete values only).
    public func next() throws(SyntaxError) -> Event? {
        do {
            return try nextEvent()
        } catch let e as SyntaxError {
            throw e
        } catch {
            throw fail("the file could not be read: \(error)")
        }
    }

    private func nextEvent() throws -> Event? {
        while true {
            try skipWhitespace()
            guard let b = try peek() else {
                if state == .top { return nil }
                throw fail("the text ends inside a value")
            }
            lastWasCR = false
            switch state {
            case .top, .objectValue, .arrayValue, .arrayValueOrEnd:
                if state == .top { valueLine = line }
                if b == UInt8(ascii: "]"), state == .arrayValueOrEnd {
                    advance()
                    return close(object: false)
                }
                return try value(b)
            case .objectKeyOrEnd, .objectKey:
                if b == UInt8(ascii: "}"), state == .objectKeyOrEnd {
                    advance()
                    return close(object: true)
                }
                guard b == UInt8(ascii: "\"") else { throw fail("a member name was expected") }
                let key = try string()
                state = .objectColon
                return .key(key)
            case .objectColon:
                guard b == UInt8(ascii: ":") else { throw fail("':' was expected after a member name") }
                advance()
                state = .objectValue
            case .objectCommaOrEnd:
                advance()
                if b == UInt8(ascii: ",") { state = .objectKey; continue }
                guard b == UInt8(ascii: "}") else { throw fail("',' or '}' was expected") }
                return close(object: true)
            case .arrayCommaOrEnd:
                advance()
                if b == UInt8(ascii: ",") { state = .arrayValue; continue }
                guard b == UInt8(ascii: "]") else { throw fail("',' or ']' was expected") }
                return close(object: false)
            }
        }
    }

    private func close(object: Bool) -> Event {
        stack.removeLast()
        depth -= 1
        afterValue()
        return object ? .endObject : .endArray
    }

    private func afterValue() {
        guard let top = stack.last else { state = .top; return }
        state = top ? .objectCommaOrEnd : .arrayCommaOrEnd
    }

    private func open(object: Bool) throws -> Event {
        guard depth < Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        advance()
        stack.append(object)
        depth += 1
        state = object ? .objectKeyOrEnd : .arrayValueOrEnd
        return object ? .beginObject : .beginArray
    }

    private func value(_ b: UInt8) throws -> Event {
        switch b {
        case UInt8(ascii: "{"): return try open(object: true)
        case UInt8(ascii: "["): return try open(object: false)
        case UInt8(ascii: "\""):
            let s = try string()
            afterValue()
            return .string(s)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let n = try number()
            afterValue()
            return .number(n)
        case UInt8(ascii: "t"): try literal("true"); afterValue(); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); afterValue(); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); afterValue(); return .null
        default:
            throw fail("a value was expected")
        }
    }

    private func literal(_ word: StaticString) throws {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for expected in bytes {
            guard let b = try peek(), b == expected else { throw fail("'\(word)' was expected") }
            advance()
        }
        try checkDelimiter()
    }

    /// A number or literal must be followed by white space, a separator, a closing bracket or the end.
    private func checkDelimiter() throws {
        guard let b = try peek() else { return }
        switch b {
        case 32, 9, 10, 13, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): return
        default: throw fail("unexpected character after a value")
        }
    }

    private func number() throws -> String {
        scratch.removeAll(keepingCapacity: true)
        func digits() throws -> Int {
            var n = 0
            while let b = try peek(), (48...57).contains(b) {
                if scratch.count < 64 { scratch.append(b) }
                advance()
                n += 1
            }
            return n
        }
        if try peek() == UInt8(ascii: "-") { scratch.append(UInt8(ascii: "-")); advance() }
        guard let first = try peek(), (48...57).contains(first) else { throw fail("a digit was expected") }
        if first == UInt8(ascii: "0") {
            scratch.append(first)
            advance()
        } else {
            _ = try digits()
        }
        if try peek() == UInt8(ascii: ".") {
            scratch.append(UInt8(ascii: "."))
            advance()
            guard try digits() > 0 else { throw fail("a digit was expected after '.'") }
        }
        if let e = try peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            scratch.append(e)
            advance()
            if let s = try peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { scratch.append(s); advance() }
            guard try digits() > 0 else { throw fail("a digit was expected in an exponent") }
        }
        try checkDelimiter()
        return String(decoding: scratch, as: UTF8.self)
    }

    private func hex() throws -> UInt16 {
        var v: UInt16 = 0
        for _ in 0..<4 {
            guard let b = try peek() else { throw fail("the text ends inside an escape") }
            let d: UInt8
            switch b {
            case 48...57: d = b - 48
            case 65...70: d = b - 55
            case 97...102: d = b - 87
            default: throw fail("a hex digit was expected in \\u")
            }
            advance()
            v = v << 4 | UInt16(d)
        }
        return v
    }

    /// Reads a string (the opening quote is next), decoding escapes; keeps at most ``maxStringBytes`` bytes.
    private func string() throws -> String {
        advance()
        scratch.removeAll(keepingCapacity: true)
        var cut = false
        func append(_ b: UInt8) {
            if scratch.count < maxStringBytes { scratch.append(b) } else { cut = true }
        }
        func append(scalar: Unicode.Scalar) {
            for b in String(Character(scalar)).utf8 { append(b) }
        }
        while true {
            if input.position >= input.limit, !(try input.fill()) { throw fail("the text ends inside a string") }
            let buf = input.available
            var i = 0
            while i < buf.count {
                let b = buf[i]
                if b == UInt8(ascii: "\"") {
                    input.consume(i + 1)
                    lastStringWasCut = cut
                    return String(decoding: scratch, as: UTF8.self)
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { input.consume(i); throw fail("a control character inside a string") }
                append(b)
                i += 1
            }
            input.consume(i)
            guard i < buf.count else { continue }
            // An escape.
            advance()
            let (first, second) = try escape()
            append(scalar: first)
            if let second { append(scalar: second) }
        }
    }

    /// The text of the escape whose backslash was just read: one scalar, or two when a high surrogate is followed
    /// by an escape that is not its low half (the lone surrogate becomes U+FFFD).
    private func escape() throws -> (Unicode.Scalar, Unicode.Scalar?) {
        guard let e = try peek() else { throw fail("the text ends inside an escape") }
        advance()
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return (Unicode.Scalar(e), nil)
        case UInt8(ascii: "b"): return ("\u{8}", nil)
        case UInt8(ascii: "f"): return ("\u{C}", nil)
        case UInt8(ascii: "n"): return ("\n", nil)
        case UInt8(ascii: "r"): return ("\r", nil)
        case UInt8(ascii: "t"): return ("\t", nil)
        case UInt8(ascii: "u"): break
        default: throw fail("an unknown escape")
        }
        let u = try hex()
        guard (0xD800...0xDBFF).contains(u) else { return (Unicode.Scalar(UInt32(u)) ?? "\u{FFFD}", nil) }
        // A surrogate pair, or a lone high surrogate (replaced).
        guard try peek() == UInt8(ascii: "\\") else { return ("\u{FFFD}", nil) }
        advance()
        guard try peek() == UInt8(ascii: "u") else { throw fail("an escape was expected") }
        advance()
        let low = try hex()
        guard (0xDC00...0xDFFF).contains(low) else { return ("\u{FFFD}", Unicode.Scalar(UInt32(low)) ?? "\u{FFFD}") }
        return (Unicode.Scalar(0x10000 + (UInt32(u - 0xD800) << 10) + UInt32(low - 0xDC00)) ?? "\u{FFFD}", nil)
    }
}

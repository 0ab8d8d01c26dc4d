/// A minimal, allocation-light JSON writer for reports and record streams.
///
/// `JSONEncoder` costs more than the readers themselves at hundreds of MB/s; this writer appends UTF-8
/// straight into a byte buffer with a fixed key order, which also keeps outputs byte-for-byte stable.
package struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    private var needsComma: [Bool] = []

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma.removeAll(keepingCapacity: true)
    }

    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes an object key; the next value call writes its value.
    public mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    /// Writes an object key given at run time (escaped).
    public mutating func key(dynamic name: String) {
        separator()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    public mutating func string(_ value: String) { separator(); appendEscaped(value) }
    public mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    public mutating func bool(_ value: Bool) { separator(); bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8)) }
    public mutating func null() { separator(); bytes.append(contentsOf: [110, 117, 108, 108]) }
    public mutating func int(_ value: Int) { separator(); bytes.append(contentsOf: String(value).utf8) }
    public mutating func int(_ value: Int?) { if let value { int(value) } else { null() } }
    /// Appends pre-encoded JSON as one value.
    public mutating func raw(_ json: some Sequence<UInt8>) { separator(); bytes.append(contentsOf: json) }

    /// Appends literal JSON text as is: no separator bookkeeping (for hand-laid-out objects).
    public mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends an escaped JSON string as is: no separator bookkeeping (pairs with ``literal(_:)``).
    public mutating func literalString(_ value: String?) {
        if let value { appendEscaped(value) } else { bytes.append(contentsOf: [110, 117, 108, 108]) }
    }

    /// Appends `true` or `false` as is: no separator bookkeeping.
    public mutating func literalBool(_ value: Bool) {
        if value { literal("true") } else { literal("false") }
    }

    /// Ends the current line of a JSON Lines stream.
    public mutating func newline() { bytes.append(10) }

    private mutating func separator() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] {
            bytes.append(UInt8(ascii: ","))
        } else {
            needsComma[needsComma.count - 1] = true
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string. Besides what JSON requires (quote, backslash, C0 controls), DEL, the
    /// C1 controls, the line and paragraph separators and the bidi overrides and isolates are written as
    /// `\uXXXX`: still the same string to any JSON reader, but a report or log line shown on a terminal cannot
    /// be reordered or driven by them.
    private mutating func appendEscaped(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            let count = utf8.count
            while i < count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0x7F || b == 0xC2
                        || b == 0xE2 else { i += 1; continue }
                // The scalar to write as \uXXXX and its length in bytes, or nil to keep the bytes.
                var escaped: (scalar: UInt32, length: Int)?
                switch b {
                case 0xC2:
                    if i + 1 < count, (0x80...0x9F).contains(utf8[i + 1]) { escaped = (UInt32(utf8[i + 1]), 2) }
                case 0xE2:
                    if i + 2 < count {
                        let scalar = (UInt32(b & 0x0F) << 12) | (UInt32(utf8[i + 1] & 0x3F) << 6) | UInt32(utf8[i + 2] & 0x3F)
                        if (0x2028...0x202E).contains(scalar) || (0x2066...0x2069).contains(scalar) { escaped = (scalar, 3) }
                    }
                default:
                    escaped = (UInt32(b), 1)
                }
                guard let (scalar, length) = escaped else { i += 1; continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                i += length
                runStart = i
                switch scalar {
                case 0x22: bytes.append(contentsOf: [92, 34])
                case 0x5C: bytes.append(contentsOf: [92, 92])
                case 10: bytes.append(contentsOf: [92, 110])
                case 13: bytes.append(contentsOf: [92, 114])
                case 9: bytes.append(contentsOf: [92, 116])
                default:
                    bytes.append(contentsOf: [92, 117, JSONWriter.hex[Int(scalar >> 12 & 15)], JSONWriter.hex[Int(scalar >> 8 & 15)],
                                              JSONWriter.hex[Int(scalar >> 4 & 15)], JSONWriter.hex[Int(scalar & 15)]])
                }
            }
            if runStart < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A minimal, allocation-light JSON writer for reports and record streams.
///
/// `JSONEncoder` costs more than the readers themselves at hundreds of MB/s; this writer appends UTF-8
/// straight into a byte buffer with a fixed key order, which also keeps outputs byte-for-byte stable.
public struct JSONWriter: Sendable {
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

    private mutating func appendEscaped(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                runStart = i + 1
                switch b {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
                case 10: bytes.append(contentsOf: [92, 110])
                case 13: bytes.append(contentsOf: [92, 114])
                case 9: bytes.append(contentsOf: [92, 116])
                default:
                    bytes.append(contentsOf: [92, 117, 48, 48, JSONWriter.hex[Int(b >> 4)], JSONWriter.hex[Int(b & 15)]])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

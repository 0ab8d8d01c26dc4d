/// A field value of a PATCH body or batch patch: only the fields given are sent (`null` clears a field).
public enum WireValue: Encodable, Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case strings([String])
    case null

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .strings(let a): try c.encode(a)
        case .null: try c.encodeNil()
        }
    }
}

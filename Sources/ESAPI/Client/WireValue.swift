/// A field value of a PATCH body or batch patch: only the fields given are sent (`null` clears a field).
///
/// Why not `JSONValue`: that type is lossless (numbers kept as their source text, keys in order) for
/// backups, and cannot be `Encodable` without giving that up. This one is `Codable` for request bodies and
/// has only the shapes a settings field takes (no floats, no nested objects), so an edit cannot send a value
/// that no field accepts.
public enum WireValue: Codable, Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case strings([String])
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .strings(try c.decode([String].self)) }
    }

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

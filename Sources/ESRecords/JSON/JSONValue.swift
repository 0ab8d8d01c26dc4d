/// A parsed JSON value that keeps numbers as their source text and objects in key order.
///
/// The lossless form backups need: an export must write back exactly what the API sent (an id of an old dump
/// that is an integer, a field this version does not know). The client's PATCH and batch bodies use it too.
/// The emulator has its own `JSONAny`: it checks the client, so it must not share the client's JSON code.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number exactly as written (ids of old dumps are integers; they stay opaque text).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The value for `key` in an object (the last one when a key repeats, as most parsers do).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last(where: { $0.key == key })?.value
    }

    /// Whether this is an object with `key`.
    public func has(_ key: String) -> Bool { self[key] != nil }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let pairs):
            for p in pairs { hasher.combine(p.key); hasher.combine(p.value) }
        }
    }
}

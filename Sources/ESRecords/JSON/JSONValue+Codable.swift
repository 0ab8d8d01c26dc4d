/// `Codable` for API responses: objects come back with their keys sorted (a `JSONDecoder` keeps no order),
/// numbers as their shortest text.
extension JSONValue: Codable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            let keys = keyed.allKeys.map(\.stringValue).sorted()
            self = .object(try keys.map { (key: $0, value: try keyed.decode(JSONValue.self, forKey: AnyKey(stringValue: $0))) })
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .number(String(i)) }
        else if let d = try? c.decode(Double.self) { self = .number(String(d)) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let text):
            var c = encoder.singleValueContainer()
            if let i = Int64(text) { try c.encode(i) } else { try c.encode(Double(text) ?? 0) }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let pairs):
            var c = encoder.container(keyedBy: AnyKey.self)
            for p in pairs { try c.encode(p.value, forKey: AnyKey(stringValue: p.key)) }
        }
    }
}

extension JSONValue {
    /// Writes the value as compact JSON, keys in their stored order and numbers as their text.
    package func write(to json: inout JSONWriter) {
        switch self {
        case .null: json.null()
        case .bool(let b): json.bool(b)
        case .number(let text): json.raw(text.utf8)
        case .string(let s): json.string(s)
        case .array(let items):
            json.beginArray()
            for item in items { item.write(to: &json) }
            json.endArray()
        case .object(let pairs):
            json.beginObject()
            for p in pairs {
                json.key(dynamic: p.key)
                p.value.write(to: &json)
            }
            json.endObject()
        }
    }

    /// Compact JSON text of the value.
    public var jsonText: String {
        var writer = JSONWriter()
        write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The pairs of an object (empty for anything else).
    public var pairs: [(key: String, value: JSONValue)] {
        if case .object(let p) = self { return p }
        return []
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

import Foundation
import GRDB

/// A JSON value as the emulator stores, merges and returns it (PATCH merges objects field by field).
///
/// Why not ESRecords' `JSONValue` (the client's one JSON value type): the emulator checks the client, so it parses
/// and writes JSON with its own code, from the contract (a wire mistake shared by both sides would pass every
/// test); and it needs real numbers (`Int64`/`Double`, as SQLite stores them) to validate ranges.
enum JSONAny: Sendable, Hashable, Encodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONAny])
    case object([String: JSONAny])

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    var intValue: Int64? { if case .int(let i) = self { i } else { nil } }

    /// The value as SQLite compares it with `json_extract` (booleans are 1/0).
    var databaseValue: any DatabaseValueConvertible {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): i
        case .double(let d): d
        case .string(let s): s
        default: DatabaseValue.null
        }
    }


    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Re-decodes a value as a typed model (validates field types the way the API's schema does).
    func decode<T: Decodable>(as type: T.Type) throws -> T {
        let encoder = JSONEncoder()
        return try JSONDecoder().decode(T.self, from: encoder.encode(self))
    }

    /// Encodes a model as an object.
    static func object(from value: some Encodable) throws -> [String: JSONAny] {
        let data = try JSONEncoder().encode(value)
        return try decodeObject([UInt8](data))
    }
}

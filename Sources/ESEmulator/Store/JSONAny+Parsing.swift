import ESRecords

/// Parsing request bodies and stored records with ESRecords' `JSONParser`.
///
/// A `Decodable` JSON enum has to guess each value's type by trying `Bool`, `Int64`, `Double` and `String`
/// in turn, and every miss throws: three `DecodingError`s per string field, which cost most of a large
/// batch's time (and far more under a test runner that records a backtrace for each throw). The parser
/// knows the type from the first byte.
extension JSONAny {
    /// Why a body or stored record is not JSON, or not the JSON asked for.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Converts a parsed value; numbers become `.int` when they are integral and fit `Int64` (as
    /// `JSONDecoder` reads `1.0` and `1e2` as integers), `.double` otherwise; a number too large for a
    /// `Double` (`1e999`) is refused, as `JSONDecoder` refuses it.
    init(_ value: JSONValue) throws {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let text): self = try Self.number(text)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(try items.map(JSONAny.init))
        case .object(let pairs):
            self = .object(Dictionary(try pairs.map { ($0.key, try JSONAny($0.value)) }, uniquingKeysWith: { $1 }))
        }
    }

    private static func number(_ text: String) throws -> JSONAny {
        if let i = Int64(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw ParseError(description: "number \(text) is out of range") }
        if let i = Int64(exactly: d) { return .int(i) }   // nil unless integral and in range
        return .double(d)
    }

    /// Parses one JSON value from UTF-8 bytes.
    static func decodeValue(_ bytes: [UInt8]) throws -> JSONAny {
        try JSONAny(try JSONParser.parse(bytes))
    }

    /// Parses a JSON object from UTF-8 bytes.
    static func decodeObject(_ bytes: [UInt8]) throws -> [String: JSONAny] {
        guard case .object(let fields) = try decodeValue(bytes) else {
            throw ParseError(description: "expected a JSON object")
        }
        return fields
    }

    /// Parses a JSON object from text (a stored record).
    static func decodeObject(_ text: String) throws -> [String: JSONAny] {
        try decodeObject(Array(text.utf8))
    }
}

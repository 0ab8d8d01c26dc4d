/// An opaque record identifier.
///
/// Current API generations send UUID strings; older ones and old exports hold int32 ids. Both decode into
/// the same opaque string, and ids are never compared numerically or assumed to be ordered.
public struct RecordID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// An id as the API sent it.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// An id written as a literal (tests, examples).
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let s = try? container.decode(String.self) {
            rawValue = s
        } else if let i = try? container.decode(Int64.self) {
            rawValue = String(i)
        } else {
            throw DecodingError.typeMismatch(
                RecordID.self,
                .init(codingPath: decoder.codingPath, debugDescription: "id must be a string or an integer"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// How a record is being encoded: as a stored object (exports keep everything) or as an API write body.
package enum WireCoding {
    /// Set this `userInfo` key to `true` on a `JSONEncoder` producing a create/update body: read-only
    /// fields (`id`, timestamps, computed domain fields) are left out and `UNKNOWN` enums throw.
    public static let writeBodyKey = CodingUserInfoKey(rawValue: "esmigrate.writeBody")!   // any string is a key

    static func isWriteBody(_ encoder: any Encoder) -> Bool {
        encoder.userInfo[writeBodyKey] as? Bool ?? false
    }

    static func refuseUnknown(_ type: PatternType, _ encoder: any Encoder, key: any CodingKey) throws {
        if type == .unknown && isWriteBody(encoder) {
            throw EncodingError.invalidValue(
                type, .init(codingPath: encoder.codingPath + [key],
                            debugDescription: "pattern_type UNKNOWN is deprecated and cannot be written"))
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a boolean, falling back to a deprecated key; the current name wins when both are present.
    func decodeFlag(_ key: Key, deprecated: Key? = nil) throws -> Bool {
        if let v = try decodeIfPresent(Bool.self, forKey: key) { return v }
        if let deprecated, let v = try decodeIfPresent(Bool.self, forKey: deprecated) { return v }
        return false
    }
}

/// Coding keys of records that carry the API's timestamps (`created_at`, `modified_at`, `last_modified`).
protocol TimestampCodingKeys: CodingKey {
    static var createdAt: Self { get }
    static var modifiedAt: Self { get }
    static var lastModified: Self { get }
}

extension KeyedDecodingContainer where Key: TimestampCodingKeys {
    /// The three timestamps, each optional.
    func decodeTimestamps() throws -> (created: String?, modified: String?, lastModified: String?) {
        (try decodeIfPresent(String.self, forKey: .createdAt), try decodeIfPresent(String.self, forKey: .modifiedAt),
         try decodeIfPresent(String.self, forKey: .lastModified))
    }
}

extension KeyedEncodingContainer where Key: TimestampCodingKeys {
    /// Writes the timestamps that are present.
    mutating func encodeTimestamps(_ created: String?, _ modified: String?, _ lastModified: String?) throws {
        try encodeIfPresent(created, forKey: .createdAt)
        try encodeIfPresent(modified, forKey: .modifiedAt)
        try encodeIfPresent(lastModified, forKey: .lastModified)
    }
}

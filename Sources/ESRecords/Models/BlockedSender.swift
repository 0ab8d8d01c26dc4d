/// A blocked sender (`…/settings/block_senders`): matching mail gets a Malicious disposition.
public struct BlockedSender: Sendable, Hashable, Codable {
    public var id: RecordID?
    public var pattern: String
    public var patternType: PatternType
    public var isRegex: Bool
    public var comments: String?
    public var createdAt: String?
    public var modifiedAt: String?
    public var lastModified: String?

    /// Creates a blocked sender.
    public init(id: RecordID? = nil, pattern: String, patternType: PatternType, isRegex: Bool = false,
                comments: String? = nil, createdAt: String? = nil, modifiedAt: String? = nil,
                lastModified: String? = nil) {
        self.id = id
        self.pattern = pattern
        self.patternType = patternType
        self.isRegex = isRegex
        self.comments = comments
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.lastModified = lastModified
    }

    enum CodingKeys: String, TimestampCodingKeys {
        case id, pattern, comments
        case patternType = "pattern_type", isRegex = "is_regex"
        case createdAt = "created_at", modifiedAt = "modified_at", lastModified = "last_modified"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(RecordID.self, forKey: .id)
        pattern = try c.decode(String.self, forKey: .pattern)
        patternType = try c.decodeIfPresent(PatternType.self, forKey: .patternType) ?? .unknown
        isRegex = try c.decodeFlag(.isRegex)
        comments = try c.decodeIfPresent(String.self, forKey: .comments)
        (createdAt, modifiedAt, lastModified) = try c.decodeTimestamps()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let write = WireCoding.isWriteBody(encoder)
        if !write { try c.encodeIfPresent(id, forKey: .id) }
        try WireCoding.refuseUnknown(patternType, encoder, key: CodingKeys.patternType)
        try c.encode(pattern, forKey: .pattern)
        try c.encode(patternType, forKey: .patternType)
        try c.encode(isRegex, forKey: .isRegex)
        try c.encode(comments, forKey: .comments)
        if !write {
            try c.encodeTimestamps(createdAt, modifiedAt, lastModified)
        }
    }
}

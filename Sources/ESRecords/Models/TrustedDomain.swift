/// A trusted domain (`…/settings/trusted_domains`): exempt from the new-domain and lookalike detections.
public struct TrustedDomain: Sendable, Hashable, Codable {
    public var id: RecordID?
    public var pattern: String
    public var isRegex: Bool
    /// Recently registered domains do not trigger Suspicious/Malicious ("Recent"/"New" in CSVs).
    public var isRecent: Bool
    /// Lookalike domains do not trigger Spoof ("Proximity" in CSVs).
    public var isSimilarity: Bool
    public var comments: String?
    public var createdAt: String?
    public var modifiedAt: String?
    public var lastModified: String?

    /// Creates a trusted domain.
    public init(id: RecordID? = nil, pattern: String, isRegex: Bool = false, isRecent: Bool = false,
                isSimilarity: Bool = false, comments: String? = nil, createdAt: String? = nil,
                modifiedAt: String? = nil, lastModified: String? = nil) {
        self.id = id
        self.pattern = pattern
        self.isRegex = isRegex
        self.isRecent = isRecent
        self.isSimilarity = isSimilarity
        self.comments = comments
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.lastModified = lastModified
    }

    enum CodingKeys: String, TimestampCodingKeys {
        case id, pattern, comments
        case isRegex = "is_regex", isRecent = "is_recent", isSimilarity = "is_similarity"
        case createdAt = "created_at", modifiedAt = "modified_at", lastModified = "last_modified"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(RecordID.self, forKey: .id)
        pattern = try c.decode(String.self, forKey: .pattern)
        isRegex = try c.decodeFlag(.isRegex)
        isRecent = try c.decodeFlag(.isRecent)
        isSimilarity = try c.decodeFlag(.isSimilarity)
        comments = try c.decodeIfPresent(String.self, forKey: .comments)
        (createdAt, modifiedAt, lastModified) = try c.decodeTimestamps()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let write = WireCoding.isWriteBody(encoder)
        if !write { try c.encodeIfPresent(id, forKey: .id) }
        try c.encode(pattern, forKey: .pattern)
        try c.encode(isRegex, forKey: .isRegex)
        try c.encode(isRecent, forKey: .isRecent)
        try c.encode(isSimilarity, forKey: .isSimilarity)
        try c.encode(comments, forKey: .comments)
        if !write {
            try c.encodeTimestamps(createdAt, modifiedAt, lastModified)
        }
    }
}

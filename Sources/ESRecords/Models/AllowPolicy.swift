/// An allow policy (`…/settings/allow_policies`): senders or recipients exempted from some detections.
public struct AllowPolicy: Sendable, Hashable, Codable {
    public var id: RecordID?
    public var pattern: String
    public var patternType: PatternType
    public var isRegex: Bool
    /// Bypass all detections and link following (phishing simulations).
    public var isTrustedSender: Bool
    /// Exempt from Spam, Spoof and Bulk only.
    public var isAcceptableSender: Bool
    /// Mail *to* this pattern bypasses all detections.
    public var isExemptRecipient: Bool
    /// Honour the policy only when DMARC, SPF or DKIM passes.
    public var verifySender: Bool
    public var comments: String?
    public var createdAt: String?
    public var modifiedAt: String?
    /// Deprecated alias of `modified_at`, still required by SDK 5.9.0 response models.
    public var lastModified: String?

    /// Creates an allow policy; the flags default to `false` as the API's do.
    public init(id: RecordID? = nil, pattern: String, patternType: PatternType, isRegex: Bool = false,
                isTrustedSender: Bool = false, isAcceptableSender: Bool = false, isExemptRecipient: Bool = false,
                verifySender: Bool = false, comments: String? = nil, createdAt: String? = nil,
                modifiedAt: String? = nil, lastModified: String? = nil) {
        self.id = id
        self.pattern = pattern
        self.patternType = patternType
        self.isRegex = isRegex
        self.isTrustedSender = isTrustedSender
        self.isAcceptableSender = isAcceptableSender
        self.isExemptRecipient = isExemptRecipient
        self.verifySender = verifySender
        self.comments = comments
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.lastModified = lastModified
    }

    enum CodingKeys: String, TimestampCodingKeys {
        case id, pattern, comments
        case patternType = "pattern_type", isRegex = "is_regex"
        case isTrustedSender = "is_trusted_sender", isAcceptableSender = "is_acceptable_sender"
        case isExemptRecipient = "is_exempt_recipient", verifySender = "verify_sender"
        case isSender = "is_sender", isSpoof = "is_spoof", isRecipient = "is_recipient"
        case createdAt = "created_at", modifiedAt = "modified_at", lastModified = "last_modified"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(RecordID.self, forKey: .id)
        pattern = try c.decode(String.self, forKey: .pattern)
        patternType = try c.decodeIfPresent(PatternType.self, forKey: .patternType) ?? .unknown
        isRegex = try c.decodeFlag(.isRegex)
        isTrustedSender = try c.decodeFlag(.isTrustedSender, deprecated: .isSender)
        isAcceptableSender = try c.decodeFlag(.isAcceptableSender, deprecated: .isSpoof)
        isExemptRecipient = try c.decodeFlag(.isExemptRecipient, deprecated: .isRecipient)
        verifySender = try c.decodeFlag(.verifySender)
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
        try c.encode(isTrustedSender, forKey: .isTrustedSender)
        try c.encode(isAcceptableSender, forKey: .isAcceptableSender)
        try c.encode(isExemptRecipient, forKey: .isExemptRecipient)
        try c.encode(verifySender, forKey: .verifySender)
        try c.encode(comments, forKey: .comments)
        if !write {
            try c.encodeTimestamps(createdAt, modifiedAt, lastModified)
        }
    }
}

extension TrustedDomain: BatchableRecord, SettingsRecordInternals {
    public static var collection: SettingsCollection { .trustedDomains }

    package static var fields: [RecordField] {
        [RecordField("pattern", .string), RecordField("is_regex", .bool), RecordField("is_recent", .bool),
         RecordField("is_similarity", .bool), RecordField("comments", .string)]
    }

    public var naturalKey: String { NaturalKey.join(Self.collection, "\(isRegex)", pattern) }
    public var keyForHumans: String { pattern }
    public var flagBits: UInt8 { (isRecent ? 1 : 0) | (isSimilarity ? 2 : 0) }

    public var content: TrustedDomain {
        var t = self
        t.id = nil; t.createdAt = nil; t.modifiedAt = nil; t.lastModified = nil
        return t
    }

    public func differingFields(from other: TrustedDomain) -> [String] {
        [("is_recent", isRecent != other.isRecent), ("is_similarity", isSimilarity != other.isSimilarity),
         ("comments", comments != other.comments)].filter(\.1).map(\.0)
    }

    public func violation(policy: RecordValidator.Policy) -> RecordValidator.Violation? {
        RecordValidator.validate(self, policy: policy)
    }

    @inline(__always)
    package func writeNormalized(to json: inout JSONWriter) {
        json.literal(#"{"collection":"trusted_domains","pattern":"#)
        json.literalString(pattern)
        json.literal(#","is_regex":"#)
        json.literalBool(isRegex)
        json.literal(#","is_recent":"#)
        json.literalBool(isRecent)
        json.literal(#","is_similarity":"#)
        json.literalBool(isSimilarity)
        json.literal(#","comments":"#)
        json.literalString(comments)
    }

    package func appendKeyBytes(to bytes: inout [UInt8]) {
        bytes.append(3); bytes.append(isRegex ? 1 : 0)
        bytes.append(contentsOf: pattern.utf8)
    }

    public var normalized: NormalizedRecord { .trustedDomain(self) }

    package static func mappedTarget(flag: (String) throws(ReasonCode) -> Bool?, text: (String) -> String)
        throws(ReasonCode) -> RawEntry.Target?
    {
        .trusted(isRecent: try flag("is_recent") ?? false, isSimilarity: try flag("is_similarity") ?? false)
    }
}

extension BlockedSender: BatchableRecord, SettingsRecordInternals {
    public static var collection: SettingsCollection { .blockSenders }

    package static var fields: [RecordField] {
        [RecordField("pattern", .string), RecordField("pattern_type", .string), RecordField("is_regex", .bool),
         RecordField("comments", .string)]
    }

    public var declaredPatternType: PatternType? { patternType }
    public var naturalKey: String { NaturalKey.join(Self.collection, patternType.rawValue, "\(isRegex)", pattern) }
    public var keyForHumans: String { pattern }

    public var content: BlockedSender {
        var b = self
        b.id = nil; b.createdAt = nil; b.modifiedAt = nil; b.lastModified = nil
        return b
    }

    public func differingFields(from other: BlockedSender) -> [String] {
        comments != other.comments ? ["comments"] : []
    }

    public func violation(policy: RecordValidator.Policy) -> RecordValidator.Violation? {
        RecordValidator.validate(self, policy: policy)
    }

    @inline(__always)
    package func writeNormalized(to json: inout JSONWriter) {
        json.literal(#"{"collection":"block_senders","pattern":"#)
        json.literalString(pattern)
        json.literal(#","pattern_type":""#)
        json.literal(patternType.staticRawValue)
        json.literal(#"","is_regex":"#)
        json.literalBool(isRegex)
        json.literal(#","comments":"#)
        json.literalString(comments)
    }

    package func appendKeyBytes(to bytes: inout [UInt8]) {
        bytes.append(2); bytes.append(patternType.tag); bytes.append(isRegex ? 1 : 0)
        bytes.append(contentsOf: pattern.utf8)
    }

    public var normalized: NormalizedRecord { .blockSender(self) }

    package static func mappedTarget(flag: (String) throws(ReasonCode) -> Bool?, text: (String) -> String)
        throws(ReasonCode) -> RawEntry.Target?
    {
        .block
    }
}

extension AllowPolicy: BatchableRecord, SettingsRecordInternals {
    public static var collection: SettingsCollection { .allowPolicies }

    package static var fields: [RecordField] {
        [RecordField("pattern", .string), RecordField("pattern_type", .string), RecordField("is_regex", .bool),
         RecordField("is_trusted_sender", .bool), RecordField("is_acceptable_sender", .bool),
         RecordField("is_exempt_recipient", .bool), RecordField("verify_sender", .bool),
         RecordField("comments", .string)]
    }

    public var declaredPatternType: PatternType? { patternType }
    public var naturalKey: String { NaturalKey.join(Self.collection, patternType.rawValue, "\(isRegex)", pattern) }
    public var keyForHumans: String { pattern }

    public var flagBits: UInt8 {
        (isTrustedSender ? 1 : 0) | (isAcceptableSender ? 2 : 0) | (isExemptRecipient ? 4 : 0) | (verifySender ? 8 : 0)
    }

    public var content: AllowPolicy {
        var p = self
        p.id = nil; p.createdAt = nil; p.modifiedAt = nil; p.lastModified = nil
        return p
    }

    public func differingFields(from other: AllowPolicy) -> [String] {
        [("is_trusted_sender", isTrustedSender != other.isTrustedSender),
         ("is_acceptable_sender", isAcceptableSender != other.isAcceptableSender),
         ("is_exempt_recipient", isExemptRecipient != other.isExemptRecipient),
         ("verify_sender", verifySender != other.verifySender), ("comments", comments != other.comments)]
            .filter(\.1).map(\.0)
    }

    public func violation(policy: RecordValidator.Policy) -> RecordValidator.Violation? {
        RecordValidator.validate(self, policy: policy)
    }

    @inline(__always)
    package func writeNormalized(to json: inout JSONWriter) {
        json.literal(#"{"collection":"allow_policies","pattern":"#)
        json.literalString(pattern)
        json.literal(#","pattern_type":""#)
        json.literal(patternType.staticRawValue)
        json.literal(#"","is_regex":"#)
        json.literalBool(isRegex)
        json.literal(#","is_trusted_sender":"#)
        json.literalBool(isTrustedSender)
        json.literal(#","is_acceptable_sender":"#)
        json.literalBool(isAcceptableSender)
        json.literal(#","is_exempt_recipient":"#)
        json.literalBool(isExemptRecipient)
        json.literal(#","verify_sender":"#)
        json.literalBool(verifySender)
        json.literal(#","comments":"#)
        json.literalString(comments)
    }

    package func appendKeyBytes(to bytes: inout [UInt8]) {
        bytes.append(1); bytes.append(patternType.tag); bytes.append(isRegex ? 1 : 0)
        bytes.append(contentsOf: pattern.utf8)
    }

    public var normalized: NormalizedRecord { .allowPolicy(self) }

    package static func mappedTarget(flag: (String) throws(ReasonCode) -> Bool?, text: (String) -> String)
        throws(ReasonCode) -> RawEntry.Target?
    {
        .allow(.init(isTrustedSender: try flag("is_trusted_sender"), isAcceptableSender: try flag("is_acceptable_sender"),
                     isExemptRecipient: try flag("is_exempt_recipient"), verifySender: try flag("verify_sender")))
    }
}

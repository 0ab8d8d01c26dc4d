extension NormalizedRecord {
    /// Writes the record in the normalized-output shape of `fixtures/legacy/README.md`.
    ///
    /// Laid out by hand with fixed keys, one function per collection: this runs once per output record and
    /// dominated the writer's cost when done key by key.
    public func write(to json: inout JSONWriter) {
        json.raw([])    // a separator if the record is an element of an array
        switch self {
        case .allowPolicy(let p): Self.write(p, to: &json)
        case .blockSender(let b): Self.write(b, to: &json)
        case .trustedDomain(let t): Self.write(t, to: &json)
        case .impersonation(let e): Self.write(e, to: &json)
        case .domain(let d): Self.write(d, to: &json)
        }
        json.literal("}")
    }

    @inline(__always)
    private static func write(_ p: AllowPolicy, to json: inout JSONWriter) {
        json.literal(#"{"collection":"allow_policies","pattern":"#)
        json.literalString(p.pattern)
        json.literal(#","pattern_type":""#)
        json.literal(p.patternType.staticRawValue)
        json.literal(#"","is_regex":"#)
        json.literalBool(p.isRegex)
        json.literal(#","is_trusted_sender":"#)
        json.literalBool(p.isTrustedSender)
        json.literal(#","is_acceptable_sender":"#)
        json.literalBool(p.isAcceptableSender)
        json.literal(#","is_exempt_recipient":"#)
        json.literalBool(p.isExemptRecipient)
        json.literal(#","verify_sender":"#)
        json.literalBool(p.verifySender)
        json.literal(#","comments":"#)
        json.literalString(p.comments)
    }

    @inline(__always)
    private static func write(_ b: BlockedSender, to json: inout JSONWriter) {
        json.literal(#"{"collection":"block_senders","pattern":"#)
        json.literalString(b.pattern)
        json.literal(#","pattern_type":""#)
        json.literal(b.patternType.staticRawValue)
        json.literal(#"","is_regex":"#)
        json.literalBool(b.isRegex)
        json.literal(#","comments":"#)
        json.literalString(b.comments)
    }

    @inline(__always)
    private static func write(_ t: TrustedDomain, to json: inout JSONWriter) {
        json.literal(#"{"collection":"trusted_domains","pattern":"#)
        json.literalString(t.pattern)
        json.literal(#","is_regex":"#)
        json.literalBool(t.isRegex)
        json.literal(#","is_recent":"#)
        json.literalBool(t.isRecent)
        json.literal(#","is_similarity":"#)
        json.literalBool(t.isSimilarity)
        json.literal(#","comments":"#)
        json.literalString(t.comments)
    }

    @inline(__always)
    private static func write(_ e: ImpersonationEntry, to json: inout JSONWriter) {
        json.literal(#"{"collection":"impersonation_registry","name":"#)
        json.literalString(e.name)
        json.literal(#","email":"#)
        json.literalString(e.email)
        json.literal(#","is_email_regex":"#)
        json.literalBool(e.isEmailRegex)
    }

    @inline(__always)
    private static func write(_ d: ProtectedDomain, to json: inout JSONWriter) {
        json.literal(#"{"collection":"domains","domain":"#)
        json.literalString(d.domain)
        func list(_ name: StaticString, _ values: [String]) {
            json.literal(name)
            json.literal("[")
            for (i, v) in values.enumerated() {
                if i > 0 { json.literal(",") }
                json.literalString(v)
            }
            json.literal("]")
        }
        list(#","allowed_delivery_modes":"#, d.allowedDeliveryModes.map(\.rawValue))
        list(#","drop_dispositions":"#, d.dropDispositions.map(\.rawValue))
        list(#","ip_restrictions":"#, d.ipRestrictions)
        list(#","regions":"#, d.regions.map(\.rawValue))
        json.literal(#","transport":"#)
        json.literalString(d.transport)
    }
}

/// A validated record ready to be created through the API, tagged with its collection.
public enum NormalizedRecord: Sendable, Hashable {
    case allowPolicy(AllowPolicy)
    case blockSender(BlockedSender)
    case trustedDomain(TrustedDomain)
    case impersonation(ImpersonationEntry)
    /// Protected domains come only from exports (restore) and the API, never from legacy lists.
    case domain(ProtectedDomain)

    /// The collection the record belongs to.
    public var collection: SettingsCollection {
        switch self {
        case .allowPolicy: .allowPolicies
        case .blockSender: .blockSenders
        case .trustedDomain: .trustedDomains
        case .impersonation: .impersonationRegistry
        case .domain: .domains
        }
    }

    /// The natural key used for de-duplication (R34) and for matching live records.
    ///
    /// allow/block: collection, pattern_type, is_regex, pattern; trusted: collection, is_regex, pattern;
    /// registry: case-folded name and email; domains: the case-folded domain name. Comments are never part
    /// of the key.
    public var naturalKey: String {
        switch self {
        case .allowPolicy(let p): "allow_policies\u{1}\(p.patternType.rawValue)\u{1}\(p.isRegex)\u{1}\(p.pattern)"
        case .blockSender(let b): "block_senders\u{1}\(b.patternType.rawValue)\u{1}\(b.isRegex)\u{1}\(b.pattern)"
        case .trustedDomain(let t): "trusted_domains\u{1}\(t.isRegex)\u{1}\(t.pattern)"
        case .impersonation(let e): "impersonation_registry\u{1}\(e.name.lowercased())\u{1}\(e.email)"
        case .domain(let d): "domains\u{1}\(d.domain.lowercased())"
        }
    }

    /// The record's flags packed into bits, to tell duplicates whose flags differ.
    public var flagBits: UInt8 {
        func bit(_ b: Bool, _ n: UInt8) -> UInt8 { b ? 1 << n : 0 }
        switch self {
        case .allowPolicy(let p):
            return bit(p.isTrustedSender, 0) | bit(p.isAcceptableSender, 1) | bit(p.isExemptRecipient, 2)
                | bit(p.verifySender, 3)
        case .trustedDomain(let t): return bit(t.isRecent, 0) | bit(t.isSimilarity, 1)
        case .blockSender, .impersonation, .domain: return 0
        }
    }

    /// Writes the record in the normalized-output shape of `fixtures/legacy/README.md`.
    ///
    /// Laid out by hand with fixed keys: this runs once per output record and dominated the writer's cost
    /// when done key by key.
    public func write(to json: inout JSONWriter) {
        json.raw([])    // a separator if the record is an element of an array
        switch self {
        case .allowPolicy(let p):
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
        case .blockSender(let b):
            json.literal(#"{"collection":"block_senders","pattern":"#)
            json.literalString(b.pattern)
            json.literal(#","pattern_type":""#)
            json.literal(b.patternType.staticRawValue)
            json.literal(#"","is_regex":"#)
            json.literalBool(b.isRegex)
            json.literal(#","comments":"#)
            json.literalString(b.comments)
        case .trustedDomain(let t):
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
        case .impersonation(let e):
            json.literal(#"{"collection":"impersonation_registry","name":"#)
            json.literalString(e.name)
            json.literal(#","email":"#)
            json.literalString(e.email)
            json.literal(#","is_email_regex":"#)
            json.literalBool(e.isEmailRegex)
        case .domain(let d):
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
        json.literal("}")
    }
}

extension PatternType {
    /// The raw value as a static string, for the JSON writer.
    var staticRawValue: StaticString {
        switch self {
        case .email: "EMAIL"
        case .domain: "DOMAIN"
        case .ip: "IP"
        case .unknown: "UNKNOWN"
        }
    }
}

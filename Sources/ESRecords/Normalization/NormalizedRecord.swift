/// A validated record ready to be created through the API, tagged with its collection.
public enum NormalizedRecord: Sendable, Hashable {
    case allowPolicy(AllowPolicy)
    case blockSender(BlockedSender)
    case trustedDomain(TrustedDomain)
    case impersonation(ImpersonationEntry)

    /// The collection the record belongs to.
    public var collection: SettingsCollection {
        switch self {
        case .allowPolicy: .allowPolicies
        case .blockSender: .blockSenders
        case .trustedDomain: .trustedDomains
        case .impersonation: .impersonationRegistry
        }
    }

    /// The natural key used for de-duplication (R34) and for matching live records.
    ///
    /// allow/block: collection, pattern_type, is_regex, pattern; trusted: collection, is_regex, pattern;
    /// registry: case-folded name and email. Comments are never part of the key.
    public var naturalKey: String {
        switch self {
        case .allowPolicy(let p): "allow_policies\u{1}\(p.patternType.rawValue)\u{1}\(p.isRegex)\u{1}\(p.pattern)"
        case .blockSender(let b): "block_senders\u{1}\(b.patternType.rawValue)\u{1}\(b.isRegex)\u{1}\(b.pattern)"
        case .trustedDomain(let t): "trusted_domains\u{1}\(t.isRegex)\u{1}\(t.pattern)"
        case .impersonation(let e): "impersonation_registry\u{1}\(e.name.lowercased())\u{1}\(e.email)"
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
        case .blockSender, .impersonation: return 0
        }
    }

    /// Writes the record in the normalized-output shape of `fixtures/legacy/README.md`.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("collection"); json.string(collection.rawValue)
        switch self {
        case .allowPolicy(let p):
            json.key("pattern"); json.string(p.pattern)
            json.key("pattern_type"); json.string(p.patternType.rawValue)
            json.key("is_regex"); json.bool(p.isRegex)
            json.key("is_trusted_sender"); json.bool(p.isTrustedSender)
            json.key("is_acceptable_sender"); json.bool(p.isAcceptableSender)
            json.key("is_exempt_recipient"); json.bool(p.isExemptRecipient)
            json.key("verify_sender"); json.bool(p.verifySender)
            json.key("comments"); json.string(p.comments)
        case .blockSender(let b):
            json.key("pattern"); json.string(b.pattern)
            json.key("pattern_type"); json.string(b.patternType.rawValue)
            json.key("is_regex"); json.bool(b.isRegex)
            json.key("comments"); json.string(b.comments)
        case .trustedDomain(let t):
            json.key("pattern"); json.string(t.pattern)
            json.key("is_regex"); json.bool(t.isRegex)
            json.key("is_recent"); json.bool(t.isRecent)
            json.key("is_similarity"); json.bool(t.isSimilarity)
            json.key("comments"); json.string(t.comments)
        case .impersonation(let e):
            json.key("name"); json.string(e.name)
            json.key("email"); json.string(e.email)
            json.key("is_email_regex"); json.bool(e.isEmailRegex)
        }
        json.endObject()
    }
}

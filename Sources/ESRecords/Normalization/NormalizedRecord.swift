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

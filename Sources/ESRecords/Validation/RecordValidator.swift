/// The API's own checks on a create or update body (`api-contract.md` §9), built from the same rule
/// functions as the normalizer so the emulator and the importer can never disagree.
///
/// Unlike the normalizer this never rewrites anything: a value the API would refuse is a violation.
public enum RecordValidator {
    /// One refused field.
    public struct Violation: Error, Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var reason: ReasonCode
        public var message: String

        /// A violation of `field`'s rule.
        public init(field: String, reason: ReasonCode, message: String) {
            self.field = field
            self.reason = reason
            self.message = message
        }

        public var description: String { "\(field): \(message) (\(reason))" }
    }

    /// Choices the contract leaves open (§9 "Not specified"), so the emulator can be configured.
    public struct Policy: Sendable, Hashable {
        /// Accept `1.2.3.4/24` (host bits set) as the network it masks to; refused by default.
        public var acceptsCIDRHostBits: Bool

        /// A policy; `acceptsCIDRHostBits` accepts `10.0.0.1/8` as the API does today.
        public init(acceptsCIDRHostBits: Bool = false) {
            self.acceptsCIDRHostBits = acceptsCIDRHostBits
        }
    }

    /// Checks a `pattern` of `pattern_type` as the API does (EMAIL, DOMAIN, IP; regex when `isRegex`).
    public static func checkPattern(_ pattern: String, type: PatternType?, isRegex: Bool, policy: Policy = Policy())
        -> Violation?
    {
        if pattern.isEmpty || pattern.count > RecordLimits.maxPatternLength {
            return Violation(field: "pattern", reason: pattern.isEmpty ? .missingPattern : .patternTooLong,
                             message: "must be 1 to \(RecordLimits.maxPatternLength) characters")
        }
        if let type, type == .unknown {
            return Violation(field: "pattern_type", reason: .patternTypeMismatch,
                             message: "UNKNOWN is deprecated and cannot be written")
        }
        if isRegex {
            return RegexPattern.compiles(pattern)
                ? nil : Violation(field: "pattern", reason: .invalidRegex, message: "is not a valid regular expression")
        }
        switch type {
        case .email?:
            if !EmailAddress.isValid(pattern) {
                return Violation(field: "pattern", reason: .invalidEmail, message: "is not a valid email address")
            }
        case .domain?, nil:
            if DomainName.normalize(pattern) == nil || pattern.hasSuffix(".") {
                return Violation(field: "pattern", reason: .invalidDomain, message: "is not a valid domain name")
            }
        case .ip?:
            return checkIP(pattern, field: "pattern", policy: policy, publicOnly: true)
        case .unknown?:
            break
        }
        return nil
    }

    /// A plain IPv4/IPv6 address or CIDR block; with `publicOnly`, no private, loopback, link-local,
    /// unique-local, unspecified or broadcast space (also as IPv4-mapped IPv6).
    public static func checkIP(_ text: String, field: String, policy: Policy = Policy(), publicOnly: Bool)
        -> Violation?
    {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else {
            return Violation(field: field, reason: .invalidIP, message: "is not an IP address or CIDR block")
        }
        var prefix = address.bitWidth
        if parts.count == 2 {
            guard let p = Int(parts[1]), parts[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), p <= address.bitWidth else {
                return Violation(field: field, reason: .invalidIP, message: "has an invalid prefix length")
            }
            prefix = p
            if !policy.acceptsCIDRHostBits, IPNetwork.hasHostBits(address, prefixLength: p) {
                return Violation(field: field, reason: .invalidIP, message: "has host bits set below the prefix")
            }
        }
        if publicOnly, let reason = NonPublicRange.violation(in: [IPNetwork(address: address, prefixLength: prefix)]) {
            return Violation(field: field, reason: reason, message: "is not a globally reachable address (\(reason))")
        }
        return nil
    }

    static func checkComments(_ comments: String?) -> Violation? {
        guard let comments, comments.count > RecordLimits.maxCommentLength else { return nil }
        return Violation(field: "comments", reason: .patternTooLong,
                         message: "must be at most \(RecordLimits.maxCommentLength) characters")
    }

    /// Checks an allow policy for create or full update.
    public static func validate(_ p: AllowPolicy, policy: Policy = Policy()) -> Violation? {
        checkPattern(p.pattern, type: p.patternType, isRegex: p.isRegex, policy: policy) ?? checkComments(p.comments)
    }

    /// Checks a blocked sender for create or full update.
    public static func validate(_ b: BlockedSender, policy: Policy = Policy()) -> Violation? {
        checkPattern(b.pattern, type: b.patternType, isRegex: b.isRegex, policy: policy) ?? checkComments(b.comments)
    }

    /// Checks a trusted domain: a domain name, or a regex.
    public static func validate(_ t: TrustedDomain, policy: Policy = Policy()) -> Violation? {
        checkPattern(t.pattern, type: .domain, isRegex: t.isRegex, policy: policy) ?? checkComments(t.comments)
    }

    /// Checks an impersonation registry entry: a name of at most 1024 characters and an address or regex.
    public static func validate(_ e: ImpersonationEntry) -> Violation? {
        if e.name.isEmpty || e.name.count > RecordLimits.maxNameLength {
            return Violation(field: "name", reason: e.name.isEmpty ? .missingName : .nameTooLong,
                             message: "must be 1 to \(RecordLimits.maxNameLength) characters")
        }
        if e.email.isEmpty { return Violation(field: "email", reason: .missingEmail, message: "is required") }
        if e.isEmailRegex {
            return RegexPattern.compiles(e.email)
                ? nil : Violation(field: "email", reason: .invalidRegex, message: "is not a valid regular expression")
        }
        return EmailAddress.isValid(e.email)
            ? nil : Violation(field: "email", reason: .invalidEmail, message: "is not a valid email address")
    }

    /// Checks a protected domain's writable fields: name, enums, IP restrictions, `lookback_hops` 1–20.
    public static func validate(_ d: ProtectedDomain) -> Violation? {
        if DomainName.normalize(d.domain) == nil {
            return Violation(field: "domain", reason: .invalidDomain, message: "is not a valid domain name")
        }
        if let bad = d.allowedDeliveryModes.first(where: { !$0.isKnown }) {
            return enumViolation("allowed_delivery_modes", bad.rawValue, ProtectedDomain.DeliveryMode.known.map(\.rawValue))
        }
        if let bad = d.dropDispositions.first(where: { !$0.isKnown }) {
            return enumViolation("drop_dispositions", bad.rawValue, ProtectedDomain.DropDisposition.known.map(\.rawValue))
        }
        if let bad = d.regions.first(where: { !$0.isKnown }) {
            return enumViolation("regions", bad.rawValue, ProtectedDomain.Region.known.map(\.rawValue))
        }
        if let folder = d.folder, !folder.isKnown {
            return enumViolation("folder", folder.rawValue, ProtectedDomain.Folder.known.map(\.rawValue))
        }
        for ip in d.ipRestrictions {
            if let v = checkIP(ip, field: "ip_restrictions", publicOnly: false) { return v }
        }
        if let hops = d.lookbackHops, !(1...20).contains(hops) {
            return Violation(field: "lookback_hops", reason: ReasonCode("invalid_value"), message: "must be 1 to 20")
        }
        return nil
    }

    private static func enumViolation(_ field: String, _ value: String, _ known: [String]) -> Violation {
        Violation(field: field, reason: ReasonCode("invalid_enum"),
                  message: "'\(value)' is not one of \(known.joined(separator: ", "))")
    }
}

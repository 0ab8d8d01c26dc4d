/// One legacy entry after a dialect has mapped its columns, before its value is validated.
///
/// Dialects resolve structure, action and booleans (R35's first stages) and hand the rest here; the
/// ``Normalizer`` owns every value rule so that all dialects agree.
package struct RawEntry: Sendable, Hashable {
    /// Which collection the entry is for, with the flags the source gave explicitly.
    package enum Target: Sendable, Hashable {
        case allow(AllowFlags)
        case block
        case trusted(isRecent: Bool, isSimilarity: Bool)
        /// A registry entry; the value is the email cell, which may hold several addresses.
        case registry(name: String)
    }

    /// Allow-policy flags; `nil` means the source did not say (R28, R29 defaults apply).
    package struct AllowFlags: Sendable, Hashable {
        public var isTrustedSender: Bool?
        public var isAcceptableSender: Bool?
        public var isExemptRecipient: Bool?
        public var verifySender: Bool?

        /// Allow-policy flags as the source gave them (`nil`: not given).
        public init(isTrustedSender: Bool? = nil, isAcceptableSender: Bool? = nil,
                    isExemptRecipient: Bool? = nil, verifySender: Bool? = nil) {
            self.isTrustedSender = isTrustedSender
            self.isAcceptableSender = isAcceptableSender
            self.isExemptRecipient = isExemptRecipient
            self.verifySender = verifySender
        }

        /// A legacy "allow" with no explicit flags: acceptable sender only (R28).
        public static let legacyAllow = AllowFlags()
    }

    /// Dialect-specific value rules (R25) and tolerances.
    package struct Rules: Sendable, Hashable {
        /// Whether an untyped value with regex syntax is taken as a regex (Area 1, Cloudflare) or not.
        public var regexAllowed: Bool
        /// Barracuda: a bare local part (`info`) means that user at any domain.
        public var localPartOnly: Bool
        /// Cisco HAT: a host name matches the connecting server, not a sender domain.
        public var hatHostnames: Bool
        /// Cisco HAT: a bare number is a partial IPv4 (`10` = 10/8).
        public var bareNumberIsPartialIP: Bool
        /// With ``localPartOnly``: the value is a local part even when it has dots (Postfix `first.last@`,
        /// whose `@` the dialect removed); without it, a dotted value is a domain (Barracuda).
        public var localPartMayHaveDots = false
        /// Exchange domain lists (§15.2): a plain domain also yields its subdomain regex, a second record
        /// (`d` and `^.*\.d$`), for lists documented to cover a domain and all its subdomains.
        public var alsoSubdomainRegex = false

        /// The dialect's rules for reading the value.
        public init(regexAllowed: Bool = true, localPartOnly: Bool = false, hatHostnames: Bool = false,
                    bareNumberIsPartialIP: Bool = false) {
            self.regexAllowed = regexAllowed
            self.localPartOnly = localPartOnly
            self.hatHostnames = hatHostnames
            self.bareNumberIsPartialIP = bareNumberIsPartialIP
        }
    }

    public var target: Target
    /// The pattern (or registry email cell) exactly as read.
    public var value: String
    /// An explicit `pattern_type`, XML `type` or TABL `ListType`; `nil` means infer.
    package var typeHint: PatternHint?
    /// `true` when the source says the value is a regex, `false` when it says it is not, `nil` if silent.
    public var isRegexHint: Bool?
    public var comment: String?
    public var rules: Rules
    /// Warnings raised while reading (string booleans, legacy flag names, expiry…).
    public var warnings: [WarningCode]

    /// An entry as a dialect read it, before normalization.
    package init(target: Target, value: String, typeHint: PatternHint? = nil, isRegexHint: Bool? = nil,
                comment: String? = nil, rules: Rules = Rules(), warnings: [WarningCode] = []) {
        self.target = target
        self.value = value
        self.typeHint = typeHint
        self.isRegexHint = isRegexHint
        self.comment = comment
        self.rules = rules
        self.warnings = warnings
    }

    /// The collection the entry is headed for.
    public var collection: SettingsCollection {
        switch target {
        case .allow: .allowPolicies
        case .block: .blockSenders
        case .trusted: .trustedDomains
        case .registry: .impersonationRegistry
        }
    }
}

/// A stable code for an advisory note attached to an outcome; warnings never change a row's status.
public struct WarningCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A warning code; the documented ones are the static members.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let legacyEncoding = WarningCode("legacy_encoding")
    public static let displayNameStripped = WarningCode("display_name_stripped")
    public static let mailtoStripped = WarningCode("mailto_stripped")
    public static let idnConverted = WarningCode("idn_converted")
    public static let cidrHostBitsMasked = WarningCode("cidr_host_bits_masked")
    public static let ipRangeSplit = WarningCode("ip_range_split")
    public static let globDomainSimplified = WarningCode("glob_domain_simplified")
    public static let globConvertedToRegex = WarningCode("glob_converted_to_regex")
    public static let subdomainWildcard = WarningCode("subdomain_wildcard_assumed")
    public static let patternTypeCorrected = WarningCode("pattern_type_corrected")
    public static let duplicateFlagsDiffer = WarningCode("duplicate_flags_differ")
    public static let legacyFlagNames = WarningCode("legacy_flag_names")
    public static let legacyFlagsIgnored = WarningCode("legacy_flags_ignored")
    public static let stringBoolean = WarningCode("string_boolean")
    public static let commentTruncated = WarningCode("comment_truncated")
    public static let expiryDropped = WarningCode("expiry_dropped")
    public static let localPartOnlyEntry = WarningCode("local_part_only_entry")
    public static let hatHostnameAsServerRegex = WarningCode("hat_hostname_as_server_regex")
    public static let domainImpliesSubdomains = WarningCode("domain_implies_subdomains")
    // §15's dialects.
    public static let subdomainsIncluded = WarningCode("subdomains_included")
    public static let policyScopeNotChecked = WarningCode("policy_scope_not_checked")
    public static let bidirectionalIgnored = WarningCode("bidirectional_ignored")
    public static let relayConstraintDropped = WarningCode("relay_constraint_dropped")
    public static let signingDomainDropped = WarningCode("signing_domain_dropped")
    public static let bareDomainInAddressList = WarningCode("bare_domain_in_address_list")
    public static let regexFlagsDropped = WarningCode("regex_flags_dropped")
}

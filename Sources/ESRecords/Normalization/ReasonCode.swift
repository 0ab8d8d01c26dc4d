/// A stable, machine-readable reason why an input item was skipped or rejected.
///
/// The raw values are part of the report contract (`legacy-formats.md` §12): fixtures and users' scripts
/// depend on them, so they never change. New codes can be added without breaking callers because this is a
/// struct over a string rather than a closed enum.
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible, Error {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A reason code; the documented ones are the static members.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: ReasonCode, rhs: ReasonCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // MARK: skipped
    public static let blankLine = ReasonCode("blank_line")
    public static let commentLine = ReasonCode("comment_line")
    public static let disabledEntry = ReasonCode("disabled_entry")
    public static let unsupportedListType = ReasonCode("unsupported_list_type")
    public static let unsupportedAction = ReasonCode("unsupported_action")
    public static let relayList = ReasonCode("relay_list")
    public static let unsupportedSenderGroupRule = ReasonCode("unsupported_sender_group_rule")
    public static let perRecipientScope = ReasonCode("per_recipient_scope")

    // MARK: rejected — pattern
    public static let missingPattern = ReasonCode("missing_pattern")
    public static let invalidEmail = ReasonCode("invalid_email")
    public static let invalidDomain = ReasonCode("invalid_domain")
    public static let invalidIP = ReasonCode("invalid_ip")
    public static let invalidIPRange = ReasonCode("invalid_ip_range")
    public static let invalidNetmask = ReasonCode("invalid_netmask")
    public static let unsupportedIPWildcard = ReasonCode("unsupported_ip_wildcard")
    public static let invalidRegex = ReasonCode("invalid_regex")
    public static let patternTooBroad = ReasonCode("pattern_too_broad")
    public static let patternTooLong = ReasonCode("pattern_too_long")
    public static let patternTypeMismatch = ReasonCode("pattern_type_mismatch")
    public static let notADomain = ReasonCode("not_a_domain")
    public static let unrecognizedPattern = ReasonCode("unrecognized_pattern")
    /// A pattern, name, email or comment holds a C0/C1 control character (or DEL) that trimming does not
    /// remove: typically bytes decoded from a binary or wrongly-encoded file.
    public static let invalidCharacters = ReasonCode("invalid_characters")
    /// A record, field or XML text node is longer than the reader's cap; reading resumed at the next record.
    public static let tooLong = ReasonCode("too_long")

    // MARK: rejected — non-public IP
    public static let ipPrivate = ReasonCode("ip_private")
    public static let ipLoopback = ReasonCode("ip_loopback")
    public static let ipLinkLocal = ReasonCode("ip_link_local")
    public static let ipUniqueLocal = ReasonCode("ip_unique_local")
    public static let ipUnspecified = ReasonCode("ip_unspecified")
    public static let ipBroadcast = ReasonCode("ip_broadcast")

    // MARK: rejected — flags and registry
    public static let noAllowAction = ReasonCode("no_allow_action")
    public static let noTrustedDomainFlags = ReasonCode("no_trusted_domain_flags")
    public static let missingName = ReasonCode("missing_name")
    public static let missingEmail = ReasonCode("missing_email")
    public static let nameTooLong = ReasonCode("name_too_long")

    // MARK: rejected — structure
    public static let invalidBoolean = ReasonCode("invalid_boolean")
    public static let unknownAction = ReasonCode("unknown_action")
    public static let invalidJSON = ReasonCode("invalid_json")
    public static let notAnObject = ReasonCode("not_an_object")
    public static let unrecognizedObject = ReasonCode("unrecognized_object")
    public static let malformedCSV = ReasonCode("malformed_csv")
    public static let tooManyColumns = ReasonCode("too_many_columns")
    /// The XML document stopped being well-formed here; nothing after this point could be read.
    public static let malformedXML = ReasonCode("malformed_xml")
}

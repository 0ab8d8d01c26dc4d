/// A validated record ready to be created through the API, tagged with its collection.
///
/// Every member forwards to the wrapped ``SettingsRecord``: ``record`` is the one place that opens the tag, so
/// the behaviour of each collection stays with its model.
public enum NormalizedRecord: Sendable, Hashable {
    case allowPolicy(AllowPolicy)
    case blockSender(BlockedSender)
    case trustedDomain(TrustedDomain)
    case impersonation(ImpersonationEntry)
    /// Protected domains come only from exports (restore) and the API, never from legacy lists.
    case domain(ProtectedDomain)

    /// The wrapped model.
    public var record: any SettingsRecord {
        switch self {
        case .allowPolicy(let p): p
        case .blockSender(let b): b
        case .trustedDomain(let t): t
        case .impersonation(let e): e
        case .domain(let d): d
        }
    }

    /// Wraps a record of any collection.
    public init(_ record: some SettingsRecord) {
        self = record.normalized
    }

    /// The collection the record belongs to.
    public var collection: SettingsCollection { type(of: record).collection }

    /// The natural key used for de-duplication (R34) and for matching live records.
    ///
    /// allow/block: collection, pattern_type, is_regex, pattern; trusted: collection, is_regex, pattern;
    /// registry: case-folded name and email; domains: the case-folded domain name. Comments are never part
    /// of the key.
    public var naturalKey: String { record.naturalKey }

    /// The record's flags packed into bits, to tell duplicates whose flags differ.
    public var flagBits: UInt8 { record.flagBits }

    /// The server id, when the record came from the API.
    public var id: RecordID? { record.id }

    /// The pattern, name and email, or domain that identifies the record to a reader.
    public var keyForHumans: String { record.keyForHumans }

    /// Whether the API refuses writes to the record (directory-synced registry entries).
    public var isReadOnly: Bool { record.isReadOnly }

    /// The record with everything the server assigns removed (id, timestamps, provenance and directory
    /// fields, a domain's computed status fields), so a normalized record and its live counterpart compare equal
    /// when their content is.
    public var content: NormalizedRecord { record.content.normalized }

    /// Whether the two records hold the same content (see ``content``).
    public func hasSameContent(as other: NormalizedRecord) -> Bool {
        content == other.content
    }

    /// The wrapped model when it is of type `R`.
    public func model<R: SettingsRecord>(as type: R.Type) -> R? {
        record as? R
    }

    /// The wire names of the writable fields that differ from `other` (`["collection"]` across collections).
    public func differingFields(from other: NormalizedRecord) -> [String] {
        func compare<R: SettingsRecord>(_ mine: R) -> [String] {
            other.model(as: R.self).map { mine.content.differingFields(from: $0.content) } ?? ["collection"]
        }
        return compare(record)
    }

    /// The first rule of the API the record breaks, if any.
    public func violation(policy: RecordValidator.Policy = RecordValidator.Policy()) -> RecordValidator.Violation? {
        record.violation(policy: policy)
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

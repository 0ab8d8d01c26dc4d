/// A validated record ready to be created through the API, tagged with its collection.
///
/// Every member forwards to the wrapped ``SettingsRecord``, so the behaviour of each collection stays with its
/// model. Most go through ``record``; the few that run once per record while normalizing or planning switch
/// here to call the model directly, because ``record`` boxes models larger than three words: through it,
/// `normalize` lost a fifth of its throughput (CSV 13.0 → 10.5 MB/s at 200,000 records, release build).
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

    /// The collection the record belongs to.
    public var collection: SettingsCollection {
        switch self {
        case .allowPolicy: AllowPolicy.collection
        case .blockSender: BlockedSender.collection
        case .trustedDomain: TrustedDomain.collection
        case .impersonation: ImpersonationEntry.collection
        case .domain: ProtectedDomain.collection
        }
    }

    /// The natural key used for de-duplication (R34) and for matching live records.
    ///
    /// allow/block: collection, pattern_type, is_regex, pattern; trusted: collection, is_regex, pattern;
    /// registry: case-folded name and email; domains: the case-folded domain name. Comments are never part
    /// of the key.
    public var naturalKey: String {
        switch self {
        case .allowPolicy(let p): p.naturalKey
        case .blockSender(let b): b.naturalKey
        case .trustedDomain(let t): t.naturalKey
        case .impersonation(let e): e.naturalKey
        case .domain(let d): d.naturalKey
        }
    }

    /// The record's flags packed into bits, to tell duplicates whose flags differ.
    public var flagBits: UInt8 {
        switch self {
        case .allowPolicy(let p): p.flagBits
        case .blockSender(let b): b.flagBits
        case .trustedDomain(let t): t.flagBits
        case .impersonation(let e): e.flagBits
        case .domain(let d): d.flagBits
        }
    }

    /// The server id, when the record came from the API.
    public var id: RecordID? {
        switch self {
        case .allowPolicy(let p): p.id
        case .blockSender(let b): b.id
        case .trustedDomain(let t): t.id
        case .impersonation(let e): e.id
        case .domain(let d): d.id
        }
    }

    /// The pattern, name and email, or domain that identifies the record to a reader.
    public var keyForHumans: String { record.keyForHumans }

    /// Whether the API refuses writes to the record (directory-synced registry entries).
    public var isReadOnly: Bool { record.isReadOnly }

    /// The record with everything the server assigns removed (id, timestamps, provenance and directory
    /// fields, a domain's computed status fields), so a normalized record and its live counterpart compare equal
    /// when their content is.
    public var content: NormalizedRecord {
        switch self {
        case .allowPolicy(let p): p.content.normalized
        case .blockSender(let b): b.content.normalized
        case .trustedDomain(let t): t.content.normalized
        case .impersonation(let e): e.content.normalized
        case .domain(let d): d.content.normalized
        }
    }

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
            other.model(as: R.self).map { mine.differingFields(from: $0) } ?? ["collection"]
        }
        return compare(record)
    }

    /// Writes the record's members in the normalized-output shape (see ``SettingsRecord/writeNormalized(to:)``).
    func writeNormalized(to json: inout JSONWriter) {
        switch self {
        case .allowPolicy(let p): p.writeNormalized(to: &json)
        case .blockSender(let b): b.writeNormalized(to: &json)
        case .trustedDomain(let t): t.writeNormalized(to: &json)
        case .impersonation(let e): e.writeNormalized(to: &json)
        case .domain(let d): d.writeNormalized(to: &json)
        }
    }

    /// Appends the bytes of the natural key that ``Deduplicator`` hashes.
    func appendKeyBytes(to bytes: inout [UInt8]) {
        switch self {
        case .allowPolicy(let p): p.appendKeyBytes(to: &bytes)
        case .blockSender(let b): b.appendKeyBytes(to: &bytes)
        case .trustedDomain(let t): t.appendKeyBytes(to: &bytes)
        case .impersonation(let e): e.appendKeyBytes(to: &bytes)
        case .domain(let d): d.appendKeyBytes(to: &bytes)
        }
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

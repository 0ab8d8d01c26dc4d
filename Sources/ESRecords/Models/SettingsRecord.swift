/// A record of one of the five collections, and everything generic code needs to know about its collection.
///
/// The one place each collection's behaviour is written: its wire path and batch support, natural key,
/// export columns, validation, the fields an update compares, the normalized-output shape and the legacy
/// columns a mapped CSV may carry. Each model conforms in its own `Model+SettingsRecord.swift`; generic code
/// (planning, the journal, the importer, export, cleanup) takes `some SettingsRecord` or a record type from
/// ``SettingsCollection/recordType`` and never switches over the collections, so a sixth collection is one
/// new conformance.
public protocol SettingsRecord: Codable, Sendable, Hashable {
    /// The collection the record lives in.
    static var collection: SettingsCollection { get }
    /// The server-assigned id (absent before creation).
    var id: RecordID? { get set }
    /// When the server created the record (RFC 3339), if it says.
    var createdAt: String? { get }
    /// The free-text comments, for collections that have them.
    var comments: String? { get }
    /// The pattern type, for the collections whose records have one (allow policies, blocked senders).
    var declaredPatternType: PatternType? { get }
    /// The identity of the record within its collection (R34), used for de-duplication and for matching
    /// live records: its parts joined by `NaturalKey/join(_:_:)`. Comments are never part of it.
    var naturalKey: String { get }
    /// The pattern, name and email, or domain that identifies the record to a reader.
    var keyForHumans: String { get }
    /// The texts a delete's `--match` searches.
    var matchTexts: [String] { get }
    /// The record's flags packed into bits, to tell duplicates whose flags differ.
    var flagBits: UInt8 { get }
    /// Whether the API refuses writes to the record (directory-synced registry entries): never planned as a
    /// delete, never selected by a cleanup.
    var isReadOnly: Bool { get }
    /// The record without what the server assigns (id, timestamps, provenance, computed status), so a normalized
    /// record and its live counterpart are equal when their content is.
    var content: Self { get }
    /// The wire names of fields set on create that an update (PATCH, a batch patch) must not send.
    static var immutableFields: Set<String> { get }
    /// The wire names of the writable fields whose values differ from `other`'s.
    func differingFields(from other: Self) -> [String]
    /// The first rule of the API the record breaks, if any.
    func violation(policy: RecordValidator.Policy) -> RecordValidator.Violation?
    /// The record tagged with its collection.
    var normalized: NormalizedRecord { get }
}

/// What this package's own pipelines need of a record type beyond its public API (the normalized-output writer,
/// the de-duplication key, the `--map` target). Every ``SettingsRecord`` of the package conforms; it is a
/// separate protocol only because its requirements use package types.
package protocol SettingsRecordInternals: SettingsRecord {
    /// The fields of the collection's objects in export column order, between `id` and the timestamps.
    static var fields: [RecordField] { get }
    /// Writes the record's members in the normalized-output shape (`{"collection":…`, without the closing brace).
    func writeNormalized(to json: inout JSONWriter)
    /// Appends the bytes of the natural key that `Deduplicator` hashes (a tag byte first).
    func appendKeyBytes(to bytes: inout [UInt8])
    /// The target of a legacy row mapped to this collection (`--map`), from the flag columns it names; `nil` for
    /// a collection that legacy lists never hold (protected domains).
    static func mappedTarget(flag: (String) throws(ReasonCode) -> Bool?, text: (String) -> String)
        throws(ReasonCode) -> RawEntry.Target?
}

extension SettingsRecord {
    public static var immutableFields: Set<String> { [] }
    public var declaredPatternType: PatternType? { nil }
    public var flagBits: UInt8 { 0 }
    public var isReadOnly: Bool { false }
    public var matchTexts: [String] { [keyForHumans] }
}

/// A record whose collection has a `POST …/batch` endpoint (all but the impersonation registry), so a batch
/// for a collection without one cannot be written.
public protocol BatchableRecord: SettingsRecord {}

/// The natural key's text form: a collection's name and the key's parts, joined by U+0001 (which no field holds).
package enum NaturalKey {
    /// The separator between the parts.
    public static let separator: Character = "\u{1}"

    /// The key of a record of `collection` made of `parts`.
    public static func join(_ collection: SettingsCollection, _ parts: String...) -> String {
        var key = collection.rawValue
        for part in parts {
            key.append(separator)
            key += part
        }
        return key
    }

    /// The key with its parts separated by spaces, for reports.
    public static func display(_ key: String) -> String {
        key.split(separator: separator).joined(separator: " ")
    }

    /// The key's last part: the pattern, email or domain name.
    public static func last(_ key: String) -> String {
        key.split(separator: separator).last.map(String.init) ?? key
    }
}

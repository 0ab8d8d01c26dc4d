import ESRecords

/// Options of ``LegacyFileReader``.
public struct ReadOptions: Sendable {
    public var dialect: DialectChoice
    /// For the `mapped` dialect (and for `auto` when given): how to read an arbitrary CSV.
    public var mapping: MappedCSVDialect.Mapping?
    /// Force a CSV delimiter instead of sniffing it.
    public var delimiter: UInt8?
    /// Overrides R29's `verify_sender` default for allow entries that do not say (`nil` keeps the default).
    public var defaultVerifySender: Bool?
    /// The cap on a CSV record, a JSON Lines line and an XML entry's text (see ``ReadLimits``); a longer
    /// unit is rejected as `too_long` and reading resumes at the next one.
    public var maxRecordBytes: Int
    /// Whether the reader marks repeated records of the file as duplicates (R34), with an index of 16 bytes
    /// per distinct record. The import engine turns it off and decides every duplicate in SQLite instead
    /// (same rule: the first occurrence wins), so its memory does not grow with the input.
    public var deduplicate = true

    /// Options; the defaults detect the dialect and cap a record at 1 MiB.
    public init(dialect: DialectChoice = .auto, mapping: MappedCSVDialect.Mapping? = nil, delimiter: UInt8? = nil,
                defaultVerifySender: Bool? = nil, maxRecordBytes: Int = ReadLimits.defaultMaxRecordBytes) {
        self.maxRecordBytes = maxRecordBytes
        self.dialect = dialect
        self.mapping = mapping
        self.delimiter = delimiter
        self.defaultVerifySender = defaultVerifySender
    }
}

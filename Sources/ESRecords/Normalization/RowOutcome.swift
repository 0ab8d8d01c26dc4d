/// What happened to one reported input item (a data row, a blank or comment row, an XML entry).
public struct RowOutcome: Sendable, Hashable {
    /// The four statuses every item ends in; `items = ok + duplicate + skipped + rejected`.
    public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
        case ok, duplicate, skipped, rejected
    }

    /// 1-based physical line where the item starts.
    public var line: Int
    public var status: Status
    public var reason: ReasonCode?
    /// The line of the first occurrence, when `status == .duplicate`.
    public var duplicateOf: Int?
    /// The records the item produced, in emission order; empty unless `status == .ok`.
    public var records: [NormalizedRecord]
    public var warnings: [WarningCode]
    /// The raw line or value, for humans (advisory).
    public var input: String
    /// A human explanation beyond the reason code (a parser message, the offending column…).
    public var detail: String?
    /// The collection the item was headed for, when known before it was rejected or skipped.
    public var collection: SettingsCollection?

    /// Creates an outcome.
    public init(line: Int, status: Status, reason: ReasonCode? = nil, duplicateOf: Int? = nil,
                records: [NormalizedRecord] = [], warnings: [WarningCode] = [], input: String,
                detail: String? = nil, collection: SettingsCollection? = nil) {
        self.line = line
        self.status = status
        self.reason = reason
        self.duplicateOf = duplicateOf
        self.records = records
        self.warnings = warnings
        self.input = input
        self.detail = detail
        self.collection = collection ?? records.first?.collection
    }

    /// A skipped item.
    public static func skipped(_ reason: ReasonCode, line: Int, input: String,
                               collection: SettingsCollection? = nil, detail: String? = nil) -> RowOutcome {
        RowOutcome(line: line, status: .skipped, reason: reason, input: input, detail: detail, collection: collection)
    }

    /// A rejected item.
    public static func rejected(_ reason: ReasonCode, line: Int, input: String, warnings: [WarningCode] = [],
                                collection: SettingsCollection? = nil, detail: String? = nil) -> RowOutcome {
        RowOutcome(line: line, status: .rejected, reason: reason, warnings: warnings, input: input,
                   detail: detail, collection: collection)
    }

    /// Writes the outcome as one report line with the fixtures' keys plus `file`.
    package func write(to json: inout JSONWriter, file: String?) {
        json.beginObject()
        if let file { json.key("file"); json.string(file) }
        json.key("line"); json.int(line)
        json.key("status"); json.string(status.rawValue)
        json.key("reason"); json.string(reason?.rawValue)
        if let duplicateOf { json.key("duplicate_of"); json.int(duplicateOf) }
        json.key("records")
        json.beginArray()
        for record in records { record.write(to: &json) }
        json.endArray()
        json.key("warnings")
        json.beginArray()
        for w in warnings { json.string(w.rawValue) }
        json.endArray()
        json.key("input"); json.string(input)
        if let detail { json.key("detail"); json.string(detail) }
        json.endObject()
    }
}

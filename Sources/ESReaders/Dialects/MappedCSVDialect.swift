public import ESRecords

/// Any CSV described on the command line: `--collection block_senders --map pattern=Sender --map comments=Notes`.
///
/// Fields: `pattern` (or `email` for the registry), `name`, `comments`, `pattern_type`, `is_regex`, `action`
/// (allow/block words, which then choose between allow_policies and block_senders), the allow flags
/// `is_trusted_sender`, `is_acceptable_sender`, `is_exempt_recipient`, `verify_sender`, and the trusted-domain
/// flags `is_recent`, `is_similarity`. Columns are named as in the header (matched like R6).
public struct MappedCSVDialect: CSVRowDialect {
    /// The command-line description of a mapping.
    public struct Mapping: Sendable, Hashable {
        public var collection: SettingsCollection?
        /// Field → header name.
        public var fields: [String: String]

        public static let knownFields: Set<String> = [
            "pattern", "email", "name", "comments", "pattern_type", "is_regex", "action", "is_trusted_sender",
            "is_acceptable_sender", "is_exempt_recipient", "verify_sender", "is_recent", "is_similarity",
        ]

        /// A mapping of `fields` (field → column name) into `collection` (`nil`: an `action` column decides).
        public init(collection: SettingsCollection?, fields: [String: String]) {
            self.collection = collection
            self.fields = fields
        }

        /// Parses `field=Column` options.
        public static func parse(collection: SettingsCollection?, options: [String]) throws -> Mapping {
            var fields: [String: String] = [:]
            for option in options {
                guard let eq = option.firstIndex(of: "=") else {
                    throw ReaderError(.invalidMapping, file: "mapping", message: "'\(option)' is not field=Column")
                }
                let field = String(option[..<eq]).lowercased(), column = String(option[option.index(after: eq)...])
                guard knownFields.contains(field) else {
                    throw ReaderError(.invalidMapping, file: "mapping",
                                      message: "unknown field '\(field)'; fields: \(knownFields.sorted().joined(separator: ", "))")
                }
                fields[field] = column
            }
            return Mapping(collection: collection, fields: fields)
        }
    }

    let collection: SettingsCollection?
    let columns: [String: Int]
    public let surplusColumn: Int?

    package init(header: CSVHeader, file: String) throws {
        throw ReaderError(.invalidMapping, file: file, message: "the mapped dialect needs a collection and column mappings")
    }

    package init(header: CSVHeader, file: String, mapping: Mapping) throws {
        var columns: [String: Int] = [:]
        for (field, column) in mapping.fields {
            guard let index = header.index([CSVHeader.key(column)]) else {
                throw ReaderError(.missingMappedColumn, file: file, line: header.line,
                                  message: "mapping \(field)=\(column): no such column; the header has: "
                                      + header.names.joined(separator: " | "))
            }
            columns[field] = index
        }
        let valueField = mapping.collection == .impersonationRegistry ? "email" : "pattern"
        guard columns[valueField] != nil else {
            throw ReaderError(.invalidMapping, file: file, message: "a mapping \(valueField)=Column is required")
        }
        guard mapping.collection != nil || columns["action"] != nil else {
            throw ReaderError(.invalidMapping, file: file,
                              message: "name the collection, or map action=Column to choose allow/block per row")
        }
        if mapping.collection == .impersonationRegistry, columns["name"] == nil {
            throw ReaderError(.invalidMapping, file: file, message: "a mapping name=Column is required for the registry")
        }
        if mapping.collection == .domains {
            throw ReaderError(.invalidMapping, file: file,
                              message: "protected domains are not imported from legacy lists; use restore for them")
        }
        collection = mapping.collection
        self.columns = columns
        let last = header.keys.count - 1
        surplusColumn = columns["comments"] == last || (valueField == "email" && columns["email"] == last) ? last : nil
    }

    package func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        func value(_ field: String) -> String { cell(cells, columns[field]) }
        func bool(_ field: String) throws(ReasonCode) -> Bool? { try flag(cells, columns[field]).get() }
        var target: RawEntry.Target
        var resolved = collection
        if let actionColumn = columns["action"] {
            switch ActionResolution(cells[actionColumn]) {
            case .allow: resolved = .allowPolicies
            case .block: resolved = .blockSenders
            case .stop(let reason, let status):
                return .outcome(RowOutcome(line: line, status: status, reason: reason, input: input))
            }
        }
        var hint: PatternHint?
        var isRegex: Bool?
        do throws(ReasonCode) {
            isRegex = try bool("is_regex")
            // The initializer refuses a mapping without a collection or an action column, and protected domains.
            guard let mapped = try resolved?.internals.mappedTarget(flag: bool, text: value) else {
                return .outcome(.rejected(.unrecognizedObject, line: line, input: input, collection: resolved))
            }
            target = mapped
        } catch {
            return .outcome(.rejected(error, line: line, input: input, collection: resolved))
        }
        let typeText = value("pattern_type")
        if !typeText.isEmpty {
            if typeText.lowercased() == "regex" { isRegex = true }
            else if let t = PatternType(lenient: typeText) { hint = PatternHint(t) }
        }
        let valueField = resolved == .impersonationRegistry ? "email" : "pattern"
        return .entry(line: line, input: input,
                      entry: RawEntry(target: target, value: value(valueField), typeHint: hint, isRegexHint: isRegex,
                                      comment: value("comments"), rules: .init(regexAllowed: true)))
    }
}

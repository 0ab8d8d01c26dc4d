import ESRecords

/// Cloudflare Email Security API objects, one per line: current dumps and pre-2025 ones with
/// `is_sender`/`is_spoof`/`is_recipient`, integer ids, `UNKNOWN` or lower-case `pattern_type`, string booleans.
///
/// The collection is decided by the keys (R11): allow-policy flags → allow policy; `is_recent`/`is_similarity`
/// → trusted domain; `name` + `email` → registry; `pattern` → blocked sender.
package struct CloudflareJSONLDialect: Sendable {
    /// The Cloudflare JSON Lines dialect.
    public init() {}

    static let allowKeys = ["is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient", "is_sender",
                            "is_spoof", "is_recipient", "verify_sender"]

    /// Maps one JSON Lines line.
    public func map(_ line: JSONLinesReader.Line) -> MappedItem {
        let n = line.line, input = line.raw
        if line.isBlank { return .outcome(.skipped(.blankLine, line: n, input: input)) }
        let object: JSONValue
        switch line.value {
        case .failure(let error):
            return .outcome(.rejected(.invalidJSON, line: n, input: input, detail: error.description))
        case .success(let v):
            object = v
        }
        guard case .object = object else { return .outcome(.rejected(.notAnObject, line: n, input: input)) }

        var fields = ObjectFields(object: object)
        let classified: (target: RawEntry.Target, value: String, isRegex: Bool?)
        do throws(ReasonCode) {
            guard let c = try Self.classify(&fields) else {
                return .outcome(.rejected(.unrecognizedObject, line: n, input: input,
                                          detail: "no key tells which collection the object belongs to"))
            }
            classified = c
        } catch {
            return .outcome(.rejected(error, line: n, input: input, warnings: fields.warnings))
        }
        let (target, value, isRegex) = classified
        let string = fields.string
        var hint: PatternHint?
        if let t = string("pattern_type"), let type = PatternType(lenient: TextCleaning.trim(t)) {
            hint = PatternHint(type)
        }
        let entry = RawEntry(target: target, value: value, typeHint: hint, isRegexHint: isRegex,
                             comment: string("comments"), rules: .init(regexAllowed: isRegex != false),
                             warnings: fields.warnings)
        return .entry(line: n, input: input, entry: entry)
    }
}

import ESRecords

/// Generic XML sender lists: `<entry type= enabled= verifySender=><value/><comment/></entry>` inside list
/// elements whose names say what they are (`<allowlist>`, `<blocklist>`, `<safeSenders>`…).
///
/// The list comes from an `action`/`list`/`policy` attribute on the entry, else from the nearest ancestor
/// whose name is an allow or block word. `type` is a hint: `email`, `domain`, `ip`/`iprange`/`cidr`, `regex`,
/// `wildcard`. `enabled="false"` → `disabled_entry`. `line` is the entry's start tag.
package struct GenericXMLDialect: Sendable {
    /// The element names captured as entries.
    public static let entryElements: Set<String> = ["entry", "item"]

    /// The generic XML dialect.
    public init() {}

    public func map(_ record: XMLRecord) -> MappedItem {
        let valueChild = record.child("value") ?? record.child("pattern") ?? record.child("address")
            ?? record.child("sender")
        let rawValue = valueChild?.text ?? record.text
        let input = TextCleaning.trim(rawValue)
        let line = record.line
        func attribute(_ name: String) -> String? { record.attribute(name) }

        if let enabled = attribute("enabled") ?? attribute("active"),
           case .value(false) = BooleanCell.parse(TextCleaning.trim(enabled)) {
            return .outcome(.skipped(.disabledEntry, line: line, input: input))
        }
        if let disabled = attribute("disabled"), case .value(true) = BooleanCell.parse(TextCleaning.trim(disabled)) {
            return .outcome(.skipped(.disabledEntry, line: line, input: input))
        }

        let resolution = Self.list(of: record)
        var verify: Bool?
        if let v = attribute("verifySender") ?? attribute("verify") {
            switch BooleanCell.parse(TextCleaning.trim(v)) {
            case .value(let b): verify = b
            case .empty: verify = nil
            case .invalid: return .outcome(.rejected(.invalidBoolean, line: line, input: input))
            }
        }
        let target: RawEntry.Target
        switch resolution {
        case .allow?: target = .allow(.init(verifySender: verify))
        case .block?: target = .block
        case .stop(let reason, let status)?:
            return .outcome(RowOutcome(line: line, status: status, reason: reason, input: input))
        case nil:
            return .outcome(.rejected(.unknownAction, line: line, input: input,
                                      detail: "the entry is in no allow or block list"))
        }
        var hint: PatternHint?
        var isRegex: Bool?
        switch CSVHeader.key(attribute("type") ?? "") {
        case "email", "address", "emailaddress", "sender": hint = .email
        case "domain", "host", "hostname": hint = .domain
        case "ip", "iprange", "cidr", "ipaddress", "network", "subnet", "netmask", "range": hint = .ip
        case "regex", "regexp", "regularexpression": isRegex = true
        default: break
        }
        let comment = (record.child("comment") ?? record.child("comments") ?? record.child("notes")
            ?? record.child("description"))?.text
        return .entry(line: line, input: input,
                      entry: RawEntry(target: target, value: rawValue, typeHint: hint, isRegexHint: isRegex,
                                      comment: comment, rules: .init(regexAllowed: true)))
    }

    /// Which list an entry is on: an attribute on the entry, else the nearest ancestor named like a list.
    static func list(of record: XMLRecord) -> ActionResolution? {
        if let word = record.attribute("action") ?? record.attribute("list") ?? record.attribute("policy") {
            return ActionResolution(word)
        }
        for ancestor in record.ancestors.reversed() {
            let r = ActionResolution(ancestor)
            if case .stop(.unknownAction, _) = r { continue }
            return r
        }
        return nil
    }
}

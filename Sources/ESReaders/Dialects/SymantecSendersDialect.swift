import ESRecords

/// Symantec Mail Security / Brightmail allowed-and-blocked senders file (§15.5): an LDIF-like header, then
/// one `CODE: pattern[:-|:+]` per line (`AS` allowed sender, `RS` rejected sender, `AC` allowed connection,
/// `RC` rejected connection, `WL`/`BL` third-party lists).
package struct SymantecSendersDialect: TextLineDialect {
    public init() {}

    /// The text before the first `:`, trimmed and lower-cased, when the line has one.
    static func key(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return TextCleaning.trim(text[..<colon]).lowercased()
    }

    /// Whether the line is header metadata (`dn:`, `objectclass:`), which is not reported wherever it appears.
    static func isHeader(_ trimmed: String) -> Bool {
        let k = key(trimmed)
        return k == "dn" || k == "objectclass"
    }

    public func map(_ line: TextLine) -> [MappedItem] {
        if line.isTooLong { return [rejected(line, .tooLong, detail: "the line is longer than the reader's cap")] }
        let text = line.trimmed
        if text.isEmpty { return [skipped(line, .blankLine)] }
        if text.hasPrefix("#") { return [skipped(line, .commentLine)] }
        if Self.isHeader(text) { return [] }
        guard let colon = text.firstIndex(of: ":") else { return [rejected(line, .unknownAction)] }
        let code = TextCleaning.trim(text[..<colon]).uppercased()
        guard code.utf8.count == 2, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
            return [rejected(line, .unknownAction)]
        }
        var pattern = TextCleaning.trim(text[text.index(after: colon)...])
        if pattern.hasSuffix(":-") { return [skipped(line, .disabledEntry)] }
        if pattern.hasSuffix(":+") { pattern = TextCleaning.trim(String(pattern.dropLast(2))) }
        let target: RawEntry.Target
        let hint: PatternHint
        switch code {
        case "WL", "BL": return [skipped(line, .unsupportedSenderGroupRule)]
        case "AS": (target, hint) = (.allow(.legacyAllow), .sender)
        case "RS": (target, hint) = (.block, .sender)
        case "AC": (target, hint) = (.allow(.legacyAllow), .ip)
        case "RC": (target, hint) = (.block, .ip)
        default: return [rejected(line, .unknownAction)]
        }
        var item = entry(line, RawEntry(target: target, value: pattern, typeHint: hint, rules: .init(regexAllowed: false)))
        // A bare domain also matches its subdomains in Symantec; imported as the domain only (§15.5).
        if hint == .sender, !pattern.contains("@"), !pattern.contains("*"), pattern.contains("."),
           !IPPattern.looksLikeIP(pattern) {
            item.addWarning(.domainImpliesSubdomains)
        }
        return [item]
    }
}

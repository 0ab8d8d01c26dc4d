import ESRecords

/// Postfix `access(5)` and `cidr_table(5)` source files (§15.6): `pattern action [text]` per logical line,
/// continuation lines joined. Every physical line that starts a logical line, is blank or is a comment is
/// reported.
package struct PostfixAccessDialect: TextLineDialect {
    public static var joinsContinuationLines: Bool { true }

    public init() {}

    /// What an action token does (§15.6 step 2).
    enum Action: Equatable {
        case allow, block, unsupported, unknown
        /// Whether the token is a `4NN`/`5NN` SMTP code, whose text follows it.
        static func isSMTPCode(_ token: String) -> Bool {
            token.utf8.count == 3 && token.utf8.allSatisfy { (48...57).contains($0) }
                && (token.hasPrefix("4") || token.hasPrefix("5"))
        }

        init(_ token: String) {
            let t = token.uppercased()
            if Self.isSMTPCode(t) {
                self = t.hasPrefix("5") ? .block : .unsupported
            } else if t == "OK" || t == "PERMIT" || (!t.isEmpty && t.utf8.allSatisfy { (48...57).contains($0) }) {
                self = .allow
            } else if t == "REJECT" || t == "DISCARD" {
                self = .block
            } else if Self.unsupportedWords.contains(t) {
                self = .unsupported
            } else {
                self = .unknown
            }
        }

        static let unsupportedWords: Set<String> = ["DEFER", "DEFER_IF_REJECT", "DEFER_IF_PERMIT", "HOLD", "DUNNO", "FILTER",
                                               "REDIRECT", "BCC", "PREPEND", "WARN", "INFO"]
        /// Action keywords that make a file look like an access table to detection (§15.1 3.3).
        static let detectionKeywords: Set<String> = ["OK", "REJECT", "DISCARD", "DUNNO", "HOLD", "DEFER",
                                                     "DEFER_IF_REJECT", "DEFER_IF_PERMIT", "PERMIT", "FILTER",
                                                     "REDIRECT", "BCC", "PREPEND", "WARN", "INFO"]
    }

    /// Splits at the first run of white space: the first token and the rest (trimmed).
    static func splitFirst(_ text: Substring) -> (String, Substring) {
        let token = text.prefix { $0 != " " && $0 != "\t" }
        let rest = text[token.endIndex...].drop { $0 == " " || $0 == "\t" }
        return (String(token), rest)
    }

    public func map(_ line: TextLine) -> [MappedItem] {
        if line.isTooLong { return [rejected(line, .tooLong, detail: "the line is longer than the reader's cap")] }
        let text = line.trimmed
        if text.isEmpty { return [skipped(line, .blankLine)] }
        if text.hasPrefix("#") { return [skipped(line, .commentLine)] }
        if line.continuesNothing {
            return [rejected(line, .unrecognizedPattern,
                             detail: "an indented line continues a logical line, and there is none before it (postmap refuses it)")]
        }
        let (pattern, afterPattern) = Self.splitFirst(text[...])
        let (actionToken, afterAction) = Self.splitFirst(afterPattern)
        guard !actionToken.isEmpty else { return [rejected(line, .unknownAction)] }
        let target: RawEntry.Target
        switch Action(actionToken) {
        case .allow: target = .allow(.legacyAllow)
        case .block: target = .block
        case .unsupported: return [skipped(line, .unsupportedAction)]
        case .unknown: return [rejected(line, .unknownAction)]
        }
        let note = TextCleaning.trim(afterAction)
        let comment: String? = note.isEmpty ? nil : note
        var raw = RawEntry(target: target, value: pattern, comment: comment,
                           rules: .init(regexAllowed: false, bareNumberIsPartialIP: true))
        if pattern.hasPrefix("/"), let close = pattern.lastIndex(of: "/"), close > pattern.startIndex {
            let flags = pattern[pattern.index(after: close)...]
            if flags.allSatisfy({ $0.isASCII && $0.isLetter }) {
                raw.value = String(pattern[pattern.index(after: pattern.startIndex)..<close])
                raw.isRegexHint = true
                if !flags.isEmpty { raw.warnings.append(.regexFlagsDropped) }
                return [entry(line, raw)]
            }
        }
        if pattern.hasSuffix("@"), pattern.utf8.filter({ $0 == UInt8(ascii: "@") }).count == 1, pattern.count > 1 {
            // `user@`: that local part at any domain (R25's form).
            raw.value = String(pattern.dropLast())
            raw.rules.localPartOnly = true
            raw.rules.localPartMayHaveDots = true
            return [entry(line, raw)]
        }
        var item = entry(line, raw)
        if !pattern.contains("@"), !pattern.hasPrefix("."), pattern.contains("."), !IPPattern.looksLikeIP(pattern),
           !pattern.hasPrefix("[") {
            item.addWarning(.domainImpliesSubdomains)
        }
        return [item]
    }
}

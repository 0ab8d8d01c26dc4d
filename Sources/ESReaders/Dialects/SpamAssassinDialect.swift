import ESRecords

/// SpamAssassin configuration (`local.cf`, `*.cf`, `user_prefs`), §15.4: the welcomelist and blocklist
/// directives become items; every other line is not reported.
///
/// `un…` directives remove entries added on earlier lines; they are found by a first pass over the file
/// (``Removals``), and the removed entries are reported as `skipped/disabled_entry`.
public struct SpamAssassinDialect: TextLineDialect {
    /// What a directive's items become.
    enum Kind {
        /// One item per token: allow with these flags.
        case allowEach(RawEntry.AllowFlags)
        /// One item per token: block.
        case blockEach
        /// One item per line from its first token: allow with `verify_sender`, the rest dropped with a warning.
        case allowFirst(exactlyTwo: Bool, dropped: WarningCode)
        /// One item per token, skipped with this reason.
        case skipEach(ReasonCode)
        /// One item per line, skipped with this reason.
        case skipLine(ReasonCode)
        /// URI host lists: one skipped item per host (a leading `(LIST)` is not one).
        case uriHosts
    }

    /// The directives, by their 4.x names (3.x names are translated to them).
    static let directives: [String: Kind] = [
        "welcomelist_from": .allowEach(.legacyAllow),
        "welcomelist_auth": .allowEach(.init(verifySender: true)),
        "welcomelist_from_spf": .allowEach(.init(verifySender: true)),
        "welcomelist_from_rcvd": .allowFirst(exactlyTwo: true, dropped: .relayConstraintDropped),
        "welcomelist_from_dkim": .allowFirst(exactlyTwo: false, dropped: .signingDomainDropped),
        "welcomelist_from_dk": .allowFirst(exactlyTwo: false, dropped: .signingDomainDropped),
        "blocklist_from": .blockEach,
        "welcomelist_to": .allowEach(.init(isExemptRecipient: true)),
        "all_spam_to": .allowEach(.init(isExemptRecipient: true)),
        "more_spam_to": .skipEach(.unsupportedAction),
        "blocklist_to": .skipEach(.unsupportedListType),
        "def_welcomelist_auth": .skipEach(.unsupportedListType),
        "def_welcomelist_from_spf": .skipEach(.unsupportedListType),
        "def_welcomelist_from_rcvd": .skipLine(.unsupportedListType),
        "def_welcomelist_from_dkim": .skipLine(.unsupportedListType),
        "enlist_uri_host": .uriHosts,
        "delist_uri_host": .uriHosts,
        "blocklist_uri_host": .uriHosts,
        "welcomelist_uri_host": .uriHosts,
        "include": .skipLine(.unsupportedListType),
    ]

    /// The lists each removal directive removes from.
    static let removalTargets: [String: [String]] = [
        "unwelcomelist_from": ["welcomelist_from"],
        "unblocklist_from": ["blocklist_from"],
        "unwelcomelist_auth": ["welcomelist_auth", "def_welcomelist_auth"],
        "unwelcomelist_from_rcvd": ["welcomelist_from_rcvd", "def_welcomelist_from_rcvd"],
    ]

    /// A setting's name as SpamAssassin reads it (lower-cased, `-` as `_`), with the 3.x words in their 4.x
    /// spelling.
    static func canonical(_ token: Substring) -> String {
        token.lowercased().replacing("-", with: "_")
            .replacing("whitelist", with: "welcomelist")
            .replacing("blacklist", with: "blocklist")
    }

    /// One line taken apart: the setting, its value tokens and the trailing comment.
    struct Directive {
        var name: String
        var tokens: [Substring]
        var comment: String?
    }

    /// Removes the comment (from the first `#` not preceded by `\`, then `\#` → `#`), trims, drops a `lang xx `
    /// prefix and splits the setting from its value; `nil` for a line with no setting.
    static func parse(_ text: String) -> Directive? {
        var body = Substring(text)
        var comment: String?
        var i = body.startIndex
        var previous: Character?
        while i < body.endIndex {
            let c = body[i]
            if c == "#", previous != "\\" {
                let note = TextCleaning.trim(body[body.index(after: i)...])
                comment = note.isEmpty ? nil : note
                body = body[..<i]
                break
            }
            previous = c
            i = body.index(after: i)
        }
        let cleaned = TextCleaning.trim(body).replacing("\\#", with: "#")
        var tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if tokens.count >= 2, tokens[0].lowercased() == "lang" { tokens.removeFirst(2) }
        guard let first = tokens.first else { return nil }
        return Directive(name: canonical(first), tokens: Array(tokens.dropFirst()), comment: comment)
    }

    /// Whether a line holds a directive that detection counts (§15.1 3.2): a sender-list directive other than
    /// the URI host lists and `include`, or a removal.
    static func isDetectionDirective(_ text: String) -> Bool {
        guard let d = parse(text) else { return false }
        func counts(_ name: String) -> Bool {
            guard name != "include", let kind = directives[name] else { return false }
            if case .uriHosts = kind { return false }
            return true
        }
        return counts(d.name) || (d.name.hasPrefix("un") && counts(String(d.name.dropFirst(2))))
    }

    /// The entries removed by `un…` directives: per list and lower-cased token, the last line that removes it.
    public struct Removals: Sendable, Hashable {
        var lastRemoval: [String: Int] = [:]

        /// No removals.
        public init() {}

        /// Records the removals of one line.
        mutating func add(_ line: TextLine) {
            guard !line.isTooLong, let d = SpamAssassinDialect.parse(line.text),
                  let lists = SpamAssassinDialect.removalTargets[d.name] else { return }
            for list in lists {
                // Lines come in order, so this line is the last to remove the entry so far.
                for token in d.tokens { lastRemoval[Self.key(list, token)] = line.line }
            }
        }

        /// Reads every line of a file for its removals (the first of the dialect's two passes).
        public static func collect(from reader: TextLineReader) throws -> Removals {
            var removals = Removals()
            while let line = try reader.next() { removals.add(line) }
            return removals
        }

        static func key(_ list: String, _ token: Substring) -> String { list + "\u{0}" + token.lowercased() }

        /// Whether the entry `token` of `list` on `line` is removed by a later line.
        func removes(_ list: String, _ token: Substring, on line: Int) -> Bool {
            (lastRemoval[Self.key(list, token)] ?? 0) > line
        }
    }

    let removals: Removals

    /// The dialect with the file's removals (from ``Removals/collect(from:)``).
    public init(removals: Removals = Removals()) {
        self.removals = removals
    }

    public func map(_ line: TextLine) -> [MappedItem] {
        if line.isTooLong { return [rejected(line, .tooLong, detail: "the line is longer than the reader's cap")] }
        guard let d = Self.parse(line.text), let kind = Self.directives[d.name] else { return [] }
        if d.tokens.isEmpty { return [rejected(line, .missingPattern)] }
        func removed(_ token: Substring) -> Bool { removals.removes(d.name, token, on: line.line) }
        func sender(_ token: Substring, _ target: RawEntry.Target, warnings: [WarningCode] = []) -> MappedItem {
            if removed(token) { return skipped(line, .disabledEntry) }
            let value = String(token)
            var raw = RawEntry(target: target, value: value, typeHint: .sender, comment: d.comment,
                               rules: .init(regexAllowed: false), warnings: warnings)
            if !value.contains("@"), !value.contains("*"), !value.contains("?"), !IPPattern.looksLikeIP(value) {
                raw.warnings.append(.bareDomainInAddressList)
            }
            return entry(line, raw)
        }
        switch kind {
        case .allowEach(let flags):
            return d.tokens.map { sender($0, .allow(flags)) }
        case .blockEach:
            return d.tokens.map { sender($0, .block) }
        case .allowFirst(let exactlyTwo, let dropped):
            if removed(d.tokens[0]) { return [skipped(line, .disabledEntry)] }
            if exactlyTwo, d.tokens.count != 2 { return [rejected(line, .unrecognizedPattern)] }
            return [sender(d.tokens[0], .allow(.init(verifySender: true)), warnings: d.tokens.count > 1 ? [dropped] : [])]
        case .skipEach(let reason):
            return d.tokens.map { removed($0) ? skipped(line, .disabledEntry) : skipped(line, reason) }
        case .skipLine(let reason):
            return [removed(d.tokens[0]) ? skipped(line, .disabledEntry) : skipped(line, reason)]
        case .uriHosts:
            let hosts = d.tokens.first?.hasPrefix("(") == true ? Array(d.tokens.dropFirst()) : d.tokens
            if hosts.isEmpty { return [rejected(line, .missingPattern)] }
            return hosts.map { _ in skipped(line, .unsupportedListType) }
        }
    }
}

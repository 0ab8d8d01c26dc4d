import ESRecords

/// SpamAssassin configuration (`local.cf`, `*.cf`, `user_prefs`), §15.4: the welcomelist and blocklist
/// directives become items; every other line is not reported.
///
/// `un…` directives remove entries added on earlier lines; they are found by a first pass over the file
/// (``Removals``), and the removed entries are reported as `skipped/disabled_entry`.
package struct SpamAssassinDialect: TextLineDialect {
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
        var name = token.lowercased()
        if name.utf8.contains(UInt8(ascii: "-")) { name = name.replacing("-", with: "_") }
        // The 3.x spellings of every name the dialect reads (and their un… forms) come from a table: a generic
        // substring replacement on every line cost more than all the rest of the parse.
        return spellings[name] ?? name
    }

    /// 3.x and 4.x spellings of the directives and removals (and `un` + each directive, for detection) →
    /// their 4.x name.
    static let spellings: [String: String] = {
        var table: [String: String] = [:]
        let names = Array(directives.keys) + Array(removalTargets.keys) + directives.keys.map { "un" + $0 }
        for name in names {
            let old = name.replacing("welcomelist", with: "whitelist").replacing("blocklist", with: "blacklist")
            table[old] = name
            table[name] = name
        }
        return table
    }()

    /// One line taken apart: the setting, its value tokens and the trailing comment.
    struct Directive {
        var name: String
        var tokens: [Substring]
        var comment: String?
    }

    /// Removes the comment (from the first `#` not preceded by `\`, then `\#` → `#`), trims, drops a `lang xx `
    /// prefix and splits the setting from its value; `nil` for a line with no setting.
    ///
    /// Works on the UTF-8 bytes (`#`, `\`, space and tab are ASCII, so no multi-byte character is split):
    /// walking `Character`s cost about 10 µs a line, and every line is parsed twice.
    static func parse(_ text: String) -> Directive? {
        let utf8 = text.utf8
        var end = utf8.endIndex
        var comment: String?
        var previous: UInt8 = 0
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "#"), previous != UInt8(ascii: "\\") {
                let note = TextCleaning.trim(Substring(text[utf8.index(after: i)...]))
                comment = note.isEmpty ? nil : note
                end = i
                break
            }
            previous = b
            i = utf8.index(after: i)
        }
        var cleaned = TextCleaning.trim(Substring(text[..<end]))
        if cleaned.utf8.contains(UInt8(ascii: "\\")) { cleaned = cleaned.replacing("\\#", with: "#") }
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
    ///
    /// Held as two 64-bit keyed hashes per entry (about 60 bytes with the table's slack, not the entry's
    /// text): a file of 1.9M removals costs 150 MB where it cost 458 MB for less; at most ``maxEntries`` (a
    /// file with more is refused, naming the line). Two distinct entries would have to agree on 128 hash bits
    /// to be mistaken for each other.
    package struct Removals: Sendable {
        /// The most distinct removed entries a file may hold: 4,000,000 (about 300 MB at the cap).
        public static let maxEntries = 4_000_000

        struct Key: Hashable {
            var a: Int
            var b: Int
        }

        var lastRemoval: [Key: Int32] = [:]

        /// No removals.
        public init() {}

        /// Records the removals of one line.
        mutating func add(_ line: TextLine, path: String) throws {
            guard !line.isTooLong, let d = SpamAssassinDialect.parse(line.text),
                  let lists = SpamAssassinDialect.removalTargets[d.name] else { return }
            for list in lists {
                // Lines come in order, so this line is the last to remove the entry so far.
                for token in d.tokens {
                    lastRemoval[Self.key(list, token)] = Int32(clamping: line.line)
                    if lastRemoval.count > Self.maxEntries {
                        throw ReaderError(.tooLong, file: path, line: line.line,
                                          message: "more than \(Self.maxEntries) entries are removed by un… directives: "
                                              + "split the file")
                    }
                }
            }
        }

        /// Reads every line of a file for its removals (the first of the dialect's two passes).
        public static func collect(from reader: TextLineReader, path: String = "") throws -> Removals {
            var removals = Removals()
            while let line = try reader.next() { try removals.add(line, path: path) }
            return removals
        }

        static func key(_ list: String, _ token: Substring) -> Key {
            let text = list + "\u{0}" + token.lowercased()
            var first = Hasher(), second = Hasher()
            first.combine(text)
            second.combine(0x5A5A_A5A5 as UInt32)
            second.combine(text)
            return Key(a: first.finalize(), b: second.finalize())
        }

        /// Whether the entry `token` of `list` on `line` is removed by a later line.
        func removes(_ list: String, _ token: Substring, on line: Int) -> Bool {
            guard !lastRemoval.isEmpty else { return false }
            return Int(lastRemoval[Self.key(list, token)] ?? 0) > line
        }
    }

    let removals: Removals

    /// The dialect with the file's removals (from ``Removals/collect(from:path:)``).
    public init(removals: Removals = Removals()) {
        self.removals = removals
    }

    public func map(_ line: TextLine) -> [MappedItem] {
        if line.isTooLong { return [rejected(line, .tooLong, detail: "the line is longer than the reader's cap")] }
        guard let d = Self.parse(line.text), let kind = Self.directives[d.name] else { return [] }
        if d.tokens.isEmpty { return [rejected(line, .missingPattern)] }
        func removed(_ token: Substring) -> Bool { removals.removes(d.name, token, on: line.line) }
        // Each item carries its own token as its input (not the whole line, which may hold thousands).
        func skippedToken(_ token: Substring, _ reason: ReasonCode) -> MappedItem {
            .outcome(.skipped(reason, line: line.line, input: String(token)))
        }
        func sender(_ token: Substring, _ target: RawEntry.Target, warnings: [WarningCode] = []) -> MappedItem {
            if removed(token) { return skippedToken(token, .disabledEntry) }
            let value = String(token)
            var raw = RawEntry(target: target, value: value, typeHint: .sender, comment: d.comment,
                               rules: .init(regexAllowed: false), warnings: warnings)
            if !value.contains("@"), !value.contains("*"), !value.contains("?"), !IPPattern.looksLikeIP(value) {
                raw.warnings.append(.bareDomainInAddressList)
            }
            return .entry(line: line.line, input: value, entry: raw)
        }
        switch kind {
        case .allowEach(let flags):
            return d.tokens.map { sender($0, .allow(flags)) }
        case .blockEach:
            return d.tokens.map { sender($0, .block) }
        case .allowFirst(let exactlyTwo, let dropped):
            if removed(d.tokens[0]) { return [skippedToken(d.tokens[0], .disabledEntry)] }
            if exactlyTwo, d.tokens.count != 2 { return [rejected(line, .unrecognizedPattern)] }
            return [sender(d.tokens[0], .allow(.init(verifySender: true)), warnings: d.tokens.count > 1 ? [dropped] : [])]
        case .skipEach(let reason):
            return d.tokens.map { skippedToken($0, removed($0) ? .disabledEntry : reason) }
        case .skipLine(let reason):
            return [removed(d.tokens[0]) ? skipped(line, .disabledEntry) : skipped(line, reason)]
        case .uriHosts:
            let hosts = d.tokens.first?.hasPrefix("(") == true ? Array(d.tokens.dropFirst()) : d.tokens
            if hosts.isEmpty { return [rejected(line, .missingPattern)] }
            return hosts.map { skippedToken($0, .unsupportedListType) }
        }
    }
}

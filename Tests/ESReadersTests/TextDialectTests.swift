import ESReaders
import ESRecords
import Foundation
import Testing

/// §15's line-based dialects and Forcepoint: each decision of the specification, on small files written here.
@Suite("Line-based dialects (§15.4–15.7)")
struct TextDialectTests {
    /// `line status reason pattern…` per item, for compact expectations.
    static func summary(_ items: [ReadItem]) -> [String] {
        items.map { i in
            let o = i.outcome
            let patterns = o.records.map { r -> String in
                switch r {
                case .allowPolicy(let p): "allow:\(p.pattern)\(p.isRegex ? "~" : "")\(p.isExemptRecipient ? "+exempt" : "")"
                    + (p.isAcceptableSender ? "" : "-acceptable")
                case .blockSender(let b): "block:\(b.pattern)\(b.isRegex ? "~" : "")"
                default: "\(r.collection):\(r.naturalKey)"
                }
            }
            return (["\(o.line)", o.status.rawValue, o.reason?.rawValue ?? "-"] + patterns).joined(separator: " ")
        }
    }

    static func read(_ text: String, name: String, dialect: DialectChoice = .auto) throws -> [ReadItem] {
        try TestSupport.withFile(text, name: name) { try TestSupport.readAll($0, dialect: dialect) }
    }

    static func comments(_ items: [ReadItem]) -> [String?] {
        items.flatMap { $0.outcome.records.map { r -> String? in
            switch r {
            case .allowPolicy(let p): p.comments
            case .blockSender(let b): b.comments
            default: nil
            }
        } }
    }

    // MARK: Symantec

    @Test("Symantec: repeated headers are not items; codes in any case; :+ and :- ; WL/BL; connection codes take IPs only")
    func symantec() throws {
        let text = """
            dn: cn=mailwall, ou=bmi
            objectclass: top
            objectclass: bmiBlackWhiteList
            as: friend@example.com:+
            RS: *@junk.example:-
            DN : cn=mailwall, ou=bmi
            objectClass: uiaBlackWhiteList
            BL: zen.example
            RC: mail.example.com
            AC: 203.0.113.0/24
            no colon here
            ABC: x@example.com

            """
        let items = try Self.read(text, name: "senders.txt")
        #expect(Self.summary(items) == [
            "4 ok - allow:friend@example.com",
            "5 skipped disabled_entry",
            "8 skipped unsupported_sender_group_rule",
            "9 rejected pattern_type_mismatch",
            "10 ok - allow:203.0.113.0/24",
            "11 rejected unknown_action",
            "12 rejected unknown_action",
        ])
    }

    @Test("Text lines are decoded one by one: a Windows-1252 line among UTF-8 ones is read with a warning")
    func perLineDecoding() throws {
        // "AS: ü@example.com" in UTF-8, then "RS: spam@exämple.com" in Windows-1252 (0xE4).
        var bytes = Array("dn: cn=mailwall, ou=bmi\nAS: friend@b\u{FC}cher.example\nRS: x@ex".utf8)
        bytes += [0xE4] + Array("mple.com\n".utf8)
        let items = try TestSupport.withFile(bytes, name: "s.txt") { try TestSupport.readAll($0) }
        #expect(Self.summary(items) == ["2 ok - allow:friend@xn--bcher-kva.example", "3 ok - block:x@xn--exmple-cua.com"])
        #expect(!items[0].outcome.warnings.contains(.legacyEncoding))
        #expect(items[1].outcome.warnings.contains(.legacyEncoding))
    }

    @Test("A UTF-16LE file with a BOM (as Windows PowerShell writes) is detected and read")
    func utf16() throws {
        let text = "dn: cn=mailwall, ou=bmi\r\nAS: partner@example.com\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let items = try TestSupport.withFile(bytes, name: "s.txt") { try TestSupport.readAll($0) }
        #expect(Self.summary(items) == ["2 ok - allow:partner@example.com"])
    }

    // MARK: Postfix

    @Test("Postfix: continuation lines join the line they continue; comments in between come after it")
    func postfixContinuation() throws {
        let text = """
            spam.example REJECT go
            # a comment inside
               away now
            ok.example OK

            """
        let items = try Self.read(text, name: "access")
        #expect(Self.summary(items) == ["1 ok - block:spam.example", "2 skipped comment_line", "4 ok - allow:ok.example"])
        #expect(Self.comments(items) == ["go away now", nil])
        #expect(items[0].source == "spam.example REJECT go\n   away now")
    }

    @Test("Postfix patterns: /re/flags, user@ with dots, [IP], a bare number, .domain; actions by Postfix's words")
    func postfixPatterns() throws {
        let text = """
            /^bulk[0-9]+@mailer\\.example$/i REJECT
            first.last@ OK
            [192.0.2.1] OK
            203 REJECT
            .sub.example 554 no thanks
            slow.example 450 later
            relay.example permit_mynetworks
            x.example 200

            """
        let items = try Self.read(text, name: "access")
        #expect(Self.summary(items) == [
            "1 ok - block:^bulk[0-9]+@mailer\\.example$~",
            "2 ok - allow:^first\\.last@.*$~",
            "3 ok - allow:192.0.2.1",
            "4 ok - block:203.0.0.0/8",
            "5 ok - block:^.*\\.sub\\.example$~",
            "6 skipped unsupported_action",
            "7 rejected unknown_action",
            "8 ok - allow:x.example",
        ])
        #expect(items[0].outcome.warnings.contains(.regexFlagsDropped))
        #expect(Self.comments(items)[4] == "no thanks")
    }

    // MARK: SpamAssassin

    @Test("SpamAssassin: un… removes only earlier entries (any case); a repeat after it stands; def_ lists too")
    func spamAssassinRemovals() throws {
        let text = """
            whitelist_from a@example.com b@example.com
            def_whitelist_auth *@bank.example
            unwhitelist_from B@Example.com
            unwhitelist_auth *@bank.example
            whitelist_from b@example.com
            unwhitelist_from c@example.com
            whitelist_from c@example.com

            """
        let items = try Self.read(text, name: "local.cf")
        #expect(Self.summary(items) == [
            "1 ok - allow:a@example.com",
            "1 skipped disabled_entry",
            "2 skipped disabled_entry",
            "5 ok - allow:b@example.com",
            "7 ok - allow:c@example.com",
        ])
    }

    @Test("SpamAssassin: every directive of the table, comments, escapes, lang prefixes, 3.x and 4.x spellings")
    func spamAssassinDirectives() throws {
        let text = """
            score FOO 1.0
            lang de whitelist_from de@example.com  # German partner
            Whitelist-From hash\\#tag@example.com
            welcomelist_from_rcvd a@example.com
            whitelist_from_dkim d@example.com signer.example
            whitelist_to postmaster@example.com
            more_spam_to abuse@example.com
            blacklist_to victim@example.com
            enlist_uri_host (MYLIST) a.example b.example
            include other.cf
            whitelist_from
            blocklist_from bad@example.com 198.51.100.7

            """
        let items = try Self.read(text, name: "user_prefs")
        #expect(Self.summary(items) == [
            "2 ok - allow:de@example.com",
            "3 ok - allow:hash#tag@example.com",
            "4 rejected unrecognized_pattern",
            "5 ok - allow:d@example.com",
            "6 ok - allow:postmaster@example.com+exempt-acceptable",
            "7 skipped unsupported_action",
            "8 skipped unsupported_list_type",
            "9 skipped unsupported_list_type",
            "9 skipped unsupported_list_type",
            "10 skipped unsupported_list_type",
            "11 rejected missing_pattern",
            "12 ok - block:bad@example.com",
            "12 rejected pattern_type_mismatch",
        ])
        #expect(Self.comments(items).first == "German partner")
        #expect(items[3].outcome.warnings.contains(.signingDomainDropped))
    }

    @Test("SpamAssassin reads its file twice, so standard input is refused with a clear error")
    func spamAssassinStdin() throws {
        #expect(throws: ReaderError.self) {
            _ = try LegacyFileReader(path: "-", options: ReadOptions(dialect: .named(.spamAssassin)),
                                     logger: TestSupport.logger)
        }
    }

    // MARK: Forcepoint

    @Test("Forcepoint: typographic quotes, Apply To, the block list, and detection naming both dialects")
    func forcepoint() throws {
        let text = """
            Apply To, Address, Description
            , \u{201C}partner@example.com\u{201D}, \u{201C}From the help page\u{201D}
            sales@example.com, spam@example.org, only for sales
            , bad.example, known bad
            , \u{2018}single@example.com\u{2019}, \u{2018}single quotes too\u{2019}

            """
        let allow = try Self.read(text, name: "fp.csv", dialect: .named(.forcepointAllow))
        #expect(Self.summary(allow) == ["2 ok - allow:partner@example.com", "3 skipped per_recipient_scope",
                                        "4 ok - allow:bad.example", "5 ok - allow:single@example.com"])
        #expect(Self.comments(allow).last == "single quotes too")
        #expect(Self.comments(allow).first == "From the help page")
        let block = try Self.read(text, name: "fp.csv", dialect: .named(.forcepointBlock))
        #expect(Self.summary(block).suffix(2) == ["4 ok - block:bad.example", "5 ok - block:single@example.com"])
        do {
            _ = try Self.read("Address, Description\nx@example.com, y\n", name: "fp.csv")
            Issue.record("a Forcepoint file was auto-detected")
        } catch let e as ReaderError {
            #expect(e.kind == .undetectedDialect)
            #expect("\(e)".contains("forcepoint-allow") && "\(e)".contains("forcepoint-block"), "\(e)")
        }
    }

    // MARK: Detection

    @Test("Detection looks 64 KiB ahead: a SpamAssassin directive after 40 KB of other settings is found")
    func lookAhead() throws {
        var text = ""
        for i in 0..<1000 { text += "score RULE_NUMBER_\(i) 0.5 # padding line \(i)\n" }
        text += "blacklist_from late@example.com\n"
        #expect(text.utf8.count > 40_000 && text.utf8.count < 65_536)
        let items = try Self.read(text, name: "local.cf")
        #expect(Self.summary(items) == ["1001 ok - block:late@example.com"])
    }

    @Test("Detection of each line-based dialect, and CSV for text none claims", arguments: [
        ("# c\nAS: a@example.com\n", Optional(DialectName.symantecSenders)),
        ("dn: cn=mailwall, ou=bmi\n", .symantecSenders),
        ("# c\nrequired_score 5\nwhitelist_from a@example.com\n", .spamAssassin),
        ("unblacklist_from a@example.com\n", .spamAssassin),
        ("a.example   REJECT\n", .postfixAccess),
        ("a.example 550 no\n", .postfixAccess),
        ("required_score 5\n", nil),
        ("a.example 5\n", nil),
        ("Blocked_Sender, Notes\n", nil),
    ])
    func detection(text: String, expected: DialectName?) {
        #expect(DialectDetector.textDialect(of: Array(text.utf8)) == expected, "\(text)")
    }

    @Test("Rejects of a text dialect are written back as the lines were, a line once")
    func rejects() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("local.cf").path
        try "blacklist_from 192.0.2.1 198.51.100.2\nwhitelist_from ok@example.com\nwhitelist_from *\n"
            .write(toFile: input, atomically: true, encoding: .utf8)
        let reader = try LegacyFileReader(path: input, logger: TestSupport.logger)
        let rejects = try RejectsWriter(path: dir.appendingPathComponent("rejects.cf").path, reader: reader)
        while let item = try reader.next() { try rejects.add(item) }
        _ = try rejects.finish(root: nil)
        let written = try String(contentsOfFile: rejects.path, encoding: .utf8)
        #expect(written == "blacklist_from 192.0.2.1 198.51.100.2\nwhitelist_from *\n")
        // The rejects file is read by the same dialect again.
        #expect(try TestSupport.readAll(rejects.path).count == 3)
    }
}

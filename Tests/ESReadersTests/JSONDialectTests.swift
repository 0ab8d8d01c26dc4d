import ESReaders
import ESRecords
import Foundation
import Testing

/// §15.2–15.3's JSON dialects and §15.1's JSON text streams: each decision, on small documents written here.
@Suite("JSON policy dialects (§15.1–15.3)")
struct JSONDialectTests {
    static func read(_ text: String, name: String = "policies.json", dialect: DialectChoice = .auto) throws -> [ReadItem] {
        try TestSupport.withFile(text, name: name) { try TestSupport.readAll($0, dialect: dialect) }
    }

    static func summary(_ items: [ReadItem]) -> [String] { TextDialectTests.summary(items) }

    // MARK: Exchange

    @Test("Exchange: wrappers are walked, a policy's other members are not, flags after the lists still apply")
    func exchangeWalk() throws {
        let text = """
            {"ContentFilter": [
              {"Name": "A", "BlockedSenders": ["a@x.example"],
               "Notes": {"AllowedSenders": ["not-read@x.example"]}},
              {"Name": "B", "AllowedSenders": ["b@x.example"], "Enabled": "False"}
            ],
             "ConnectionFilter": {"IPBlockList": "203.0.113.9", "IsDefault": false},
             "Count": 3}

            """
        let items = try Self.read(text)
        #expect(Self.summary(items) == [
            "2 ok - block:a@x.example",
            "4 skipped disabled_entry",
            "6 ok - block:203.0.113.9",
        ])
        #expect(items[2].outcome.warnings.contains(.policyScopeNotChecked))
    }

    @Test("Exchange element objects, subdomain expansion (two records), and R34 per record")
    func exchangeElements() throws {
        let text = """
            [{"AllowedSenderDomains": ["partner.example"]},
             {"AllowedSenderDomains": [
                {"Domain": "partner.example", "IncludeSubDomains": true},
                {"SmtpDomain": {"Domain": "other.example"}},
                "*.third.example",
                {"Nothing": 1},
                42,
                null]},
             {"AllowedSenders": [{"Sender": {"Address": "Sam@Example.com"}}, {"Sender": "kim@example.com"}]},
             {"BlockedDomainsAndSubdomains": ["block.example"], "BlockedDomains": ["*.exact.example"]},
             {"TargetedUsersToProtect": ["Ann; Lee;ann@example.com", {"Name": "x"}], "EnableTargetedUserProtection": true},
             {"ExcludedDomains": ["*.sub.example"], "ExcludedSenders": "x@example.com"}]

            """
        let items = try Self.read(text)
        #expect(Self.summary(items) == [
            "1 ok - allow:partner.example",
            // Already imported above: only the regex is new.
            "3 ok - allow:^.*\\.partner\\.example$~",
            "4 ok - allow:other.example",
            "5 ok - allow:third.example allow:^.*\\.third\\.example$~",
            "6 rejected unrecognized_object",
            "7 rejected unrecognized_pattern",
            "8 rejected missing_pattern",
            "9 ok - allow:sam@example.com",
            "9 ok - allow:kim@example.com",
            "10 ok - block:block.example block:^.*\\.block\\.example$~",
            "10 ok - block:exact.example block:^.*\\.exact\\.example$~",
            "11 ok - impersonation_registry:impersonation_registry\u{01}ann; lee\u{01}ann@example.com",
            "11 rejected unrecognized_object",
            "12 ok - trusted_domains:trusted_domains\u{01}true\u{01}^.*\\.sub\\.example$",
            "12 skipped unsupported_list_type",
        ])
        #expect(items[3].outcome.warnings.contains(.subdomainsIncluded))
    }

    @Test("Windows PowerShell 5.1's `>`: UTF-16LE with a BOM, CRLF, escapes; detected and read")
    func utf16() throws {
        let text = "[\r\n    {\r\n        \"BlockedSenders\":  [\r\n                               \"o\\u0027brien@x.example\"\r\n                           ]\r\n    }\r\n]\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let items = try TestSupport.withFile(bytes, name: "p.json") { try TestSupport.readAll($0) }
        #expect(Self.summary(items) == ["4 ok - block:o'brien@x.example"])
    }

    @Test("Broken JSON: the units completed before are reported, then invalid_json at the broken value's first line")
    func broken() throws {
        let text = """
            {"BlockedSenders": ["a@x.example"]}
            {"BlockedSenders": [
                "b@x.example",
                "c@x.example"
                "d@x.example"]}
            {"BlockedSenders": ["e@x.example"]}

            """
        let items = try Self.read(text)
        #expect(Self.summary(items) == [
            "1 ok - block:a@x.example",
            "3 ok - block:b@x.example",
            "4 ok - block:c@x.example",
            "2 rejected invalid_json",
        ])
        #expect(items.last?.outcome.detail?.contains("line 5") == true, "\(items.last?.outcome.detail ?? "")")
    }

    @Test("A unit longer than the cap is too_long; reading goes on")
    func tooLong() throws {
        let long = String(repeating: "a", count: 5000) + "@x.example"
        let text = "{\"BlockedSenders\": [\"\(long)\", \"ok@x.example\"]}\n"
        let items = try TestSupport.withFile(text, name: "p.json") { path in
            let reader = try LegacyFileReader(path: path, options: ReadOptions(maxRecordBytes: 1024), logger: TestSupport.logger)
            var items: [ReadItem] = []
            while let i = try reader.next() { items.append(i) }
            return items
        }
        #expect(Self.summary(items) == ["1 rejected too_long", "1 ok - block:ok@x.example"])
    }

    // MARK: Mimecast

    static func policy(_ option: String, from: String, value: String, to: String = "everyone", extra: String = "") -> String {
        """
        {"option": "\(option)", "id": "x", "policy": {"description": "d", "fromType": "\(from)", "fromValue": "\(value)", "toType": "\(to)"\(extra)}}
        """
    }

    @Test("Mimecast: envelopes, bare arrays and JSON Lines; every check in §15.3's order")
    func mimecast() throws {
        let lines = [
            "{\"meta\": {\"status\": 200}, \"data\": [" + Self.policy("block_sender", from: "email_domain", value: "bad.example") + "], \"fail\": []}",
            "[" + Self.policy("permit_sender", from: "individual_email_address", value: "ok@good.example") + ", {\"meta\": {}, \"data\": ["
                + Self.policy("block_sender", from: "profile_group", value: "g") + "]}]",
            Self.policy("no_action", from: "email_domain", value: "x.example"),
            Self.policy("block_sender", from: "email_domain", value: "x.example", to: "individual_email_address"),
            Self.policy("block_sender", from: "email_domain", value: "x.example", extra: ", \"conditions\": {\"sourceIPs\": [\"192.0.2.0/24\"]}"),
            Self.policy("block_sender", from: "everyone", value: ""),
            Self.policy("quarantine", from: "email_domain", value: "x.example"),
            Self.policy("", from: "email_domain", value: "x.example"),
            Self.policy("block_sender", from: "email_domain", value: "late.example", extra: ", \"toEternal\": false, \"bidirectional\": true"),
            "{\"to\": \"user@corp.example\", \"type\": \"Block\", \"id\": \"1\", \"sender\": \"s@x.example\"}",
            "\"just a string\"",
            "{\"something\": \"else\"}",
            Self.policy("block_sender", from: "email_domain", value: "off.example", extra: ", \"enabled\": false"),
        ]
        let items = try Self.read(lines.joined(separator: "\n") + "\n", name: "mimecast.jsonl")
        #expect(Self.summary(items) == [
            "1 ok - block:bad.example",
            "2 ok - allow:ok@good.example",
            "2 skipped unsupported_sender_group_rule",
            "3 skipped unsupported_action",
            "4 skipped per_recipient_scope",
            "5 skipped unsupported_sender_group_rule",
            "6 rejected pattern_too_broad",
            "7 skipped unsupported_action",
            "8 rejected unknown_action",
            "9 ok - block:late.example",
            "10 skipped per_recipient_scope",
            "11 rejected not_an_object",
            "12 rejected unrecognized_object",
            "13 skipped disabled_entry",
        ])
        #expect(items[9].outcome.warnings.contains(.expiryDropped) && items[9].outcome.warnings.contains(.bidirectionalIgnored))
        #expect(TextDialectTests.comments(items).first == "d")
    }

    // MARK: Detection and rejects

    @Test("Detection: Exchange member names, else Mimecast's, else Cloudflare API objects", arguments: [
        ("{\"Name\": \"x\", \"IPAllowList\" :[]}", DialectName.m365EOP),
        ("[{\"option\": \"block_sender\", \"policy\": {\"fromPart\": \"both\"}}]", .mimecastPolicy),
        ("{\"sender\": \"a@b\", \"to\": \"c@d\", \"type\": \"Block\"}", .mimecastPolicy),
        ("{\"pattern\": \"a@b.example\", \"pattern_type\": \"EMAIL\"}", .cloudflareJSONL),
        ("{\"note\": \"mentions \\\"BlockedSenders\\\" in passing\"}", .cloudflareJSONL),
    ])
    func detection(text: String, expected: DialectName) {
        #expect(DialectDetector.jsonDialect(of: Array(text.utf8)) == expected, "\(text)")
    }

    @Test("Exchange member names far into the file (past 4 KiB) are found within the 64 KiB look-ahead")
    func lookAhead() throws {
        var text = "[{\"Name\": \"padding\", \"Description\": \"" + String(repeating: "x", count: 20_000) + "\"},\n"
        text += "{\"BlockedSenders\": [\"far@x.example\"]}]\n"
        let items = try Self.read(text)
        #expect(Self.summary(items) == ["2 ok - block:far@x.example"])
    }

    @Test("Rejected units are written back as compact JSON lines that read back the same; the reasons file has their lines")
    func rejects() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("p.json").path
        try "{\n  \"BlockedSenders\": [\n    \"ok@x.example\",\n    \"not an address\",\n    {\"Address\": \"10.0.0.1\"}\n  ]\n}\n"
            .write(toFile: input, atomically: true, encoding: .utf8)
        let reader = try LegacyFileReader(path: input, logger: TestSupport.logger)
        let rejects = try RejectsWriter(path: dir.appendingPathComponent("rejects.jsonl").path, reader: reader)
        while let item = try reader.next() { try rejects.add(item) }
        _ = try rejects.finish(root: nil)
        // Each element inside its list member, so the same dialect reads it back as the same item.
        #expect(try String(contentsOfFile: rejects.path, encoding: .utf8)
                == "{\"BlockedSenders\":[\"not an address\"]}\n{\"BlockedSenders\":[{\"Address\":\"10.0.0.1\"}]}\n")
        #expect(Self.summary(try TestSupport.readAll(rejects.path)) == ["1 rejected invalid_domain", "2 rejected pattern_type_mismatch"])
        let reasons = try String(contentsOfFile: rejects.reasonsPath, encoding: .utf8).split(separator: "\n")
            .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(reasons.compactMap { $0["line"] as? Int } == [4, 5])
    }
}

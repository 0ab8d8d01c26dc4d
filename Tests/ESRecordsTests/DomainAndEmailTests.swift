import Testing
@testable import ESRecords

@Suite("Punycode (RFC 3492)")
struct PunycodeTests {
    @Test("Known encodings", arguments: [
        ("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"), ("müller", "mller-kva"),
        ("ü", "tda"), ("例え", "r8jz45g"), ("правительство", "80aealotwbjpid2k"),
    ])
    func encode(label: String, expected: String) {
        #expect(Punycode.encode(label) == expected)
    }
}

@Suite("Domains (R16)")
struct DomainNameTests {
    @Test("Valid domains normalize", arguments: [
        ("Partner.Example.ORG", "partner.example.org", false),
        ("example.org.", "example.org", false),
        ("bücher.example", "xn--bcher-kva.example", true),
        ("xn--mnchen-3ya.example", "xn--mnchen-3ya.example", false),
        ("MÜNCHEN.example", "xn--mnchen-3ya.example", true),
        ("examp1e-partner.example", "examp1e-partner.example", false),
        ("a.b.c.d.example", "a.b.c.d.example", false),
    ])
    func valid(input: String, expected: String, idn: Bool) throws {
        let n = try #require(DomainName.normalize(input))
        #expect(n.name == expected)
        #expect(n.convertedIDN == idn)
    }

    @Test("Invalid domains are refused", arguments: [
        "localhost", "exa mple.com", "-bad-.example.com", "bad-.example", "example..com", ".example.com",
        "example.123", "a_b.example", "", "example.org..", String(repeating: "a", count: 64) + ".example",
        (0..<60).map { _ in "abcd" }.joined(separator: "."),
    ])
    func invalid(input: String) {
        #expect(DomainName.normalize(input) == nil)
    }
}

@Suite("Email addresses (R15)")
struct EmailAddressTests {
    @Test("Valid addresses are lower-cased", arguments: [
        ("Newsletter@Vendor.Example.com", "newsletter@vendor.example.com"),
        ("first.last+tag@example.com", "first.last+tag@example.com"),
        ("billing@bücher.example", "billing@xn--bcher-kva.example"),
        ("o'brien@example.ie", "o'brien@example.ie"),
    ])
    func valid(input: String, expected: String) {
        #expect(EmailAddress.normalize(input)?.address == expected)
    }

    @Test("Invalid addresses are refused", arguments: [
        "bad..dots@example.com", "user@@example.com", ".lead@example.com", "trail.@example.com", "not-an-email",
        "finance-bot@exa mple.com", "user@localhost", "user@[192.0.2.1]", "a b@example.com", "user@example.com.",
        String(repeating: "a", count: 65) + "@example.com",
    ])
    func invalid(input: String) {
        #expect(EmailAddress.normalize(input) == nil)
    }
}

@Suite("Regexes and globs (R22, R23)")
struct RegexAndGlobTests {
    @Test("Catch-alls are too broad", arguments: [
        ".*", "^.*$", ".*@.*", "^.+@.+$", ".+", "(.*)", "^.*\\..*$", "\\S+@\\S+",
    ])
    func tooBroad(pattern: String) {
        #expect(RegexPattern.isTooBroad(pattern))
    }

    @Test("Patterns with a literal are not too broad", arguments: [
        ".*\\.top", "^.*@(billing|invoices)\\.example\\.org$", ".*@newsletters\\.example\\.net", "^brand-[a-z]+$",
    ])
    func notTooBroad(pattern: String) {
        #expect(!RegexPattern.isTooBroad(pattern))
    }

    @Test("Compilation follows ICU/Java syntax", arguments: [
        ("^(unclosed@example\\.com$", false), ("[unclosed", false), ("a{2,1}", false), ("*abc", false),
        ("^cfo(\\.office)?@example\\.com$", true), ("(?i)^x@y\\.com$", true),
    ])
    func compiles(pattern: String, ok: Bool) {
        #expect(RegexPattern.compiles(pattern) == ok)
    }

    @Test("Globs convert as R22 says", arguments: [
        ("*@bulk-mailer.example.com", "bulk-mailer.example.com", PatternType.domain, false),
        ("*.spam.example.org", "^.*\\.spam\\.example\\.org$", .domain, true),
        ("*@*.example.net", "^.*\\.example\\.net$", .domain, true),
        ("sales?@example.com", "^sales.@example\\.com$", .email, true),
        ("*deals@example.com", "^.*deals@example\\.com$", .email, true),
        ("user@*.com", "^user@.*\\.com$", .email, true),
        ("*@Bücher.example", "xn--bcher-kva.example", .domain, false),
        ("news*.example.com", "^news.*\\.example\\.com$", .domain, true),
    ])
    func glob(input: String, pattern: String, type: PatternType, isRegex: Bool) throws {
        let g = try GlobPattern.convert(input).get()
        #expect(g.pattern == pattern)
        #expect(g.patternType == type)
        #expect(g.isRegex == isRegex)
    }

    @Test("Catch-all globs are too broad", arguments: ["*", "*@*", "*.*", "?", "*@*.*"])
    func broadGlob(input: String) {
        #expect(GlobPattern.convert(input) == .failure(.patternTooBroad))
    }
}

@Suite("Cells and unwrapping (R9, R13, R26)")
struct TextCleaningTests {
    @Test("Trimming removes exotic blanks", arguments: [
        ("  a  ", "a"), ("\u{00A0}a\u{200B}", "a"), ("\ta\u{FEFF}", "a"), ("\u{2007}\u{202F}a\u{2060}", "a"),
        ("a b", "a b"), ("\u{200B}", ""),
    ])
    func trim(input: String, expected: String) {
        #expect(TextCleaning.trim(input) == expected)
    }

    @Test("Unwrapping strips mailto, display names and quotes", arguments: [
        ("mailto:ap@supplier.example.com", "ap@supplier.example.com", [WarningCode.mailtoStripped]),
        ("MAILTO:ap@x.example", "ap@x.example", [.mailtoStripped]),
        ("Jane Doe <jane.doe@partner.example.org>", "jane.doe@partner.example.org", [.displayNameStripped]),
        ("\"Payroll Dept\" <payroll@lookalike.example>", "payroll@lookalike.example", [.displayNameStripped]),
        ("\"Doe, Jane\" <jane@example.com>", "jane@example.com", [.displayNameStripped]),
        ("<wire@lookalike.example>", "wire@lookalike.example", [.displayNameStripped]),
        ("'quoted@example.com'", "quoted@example.com", []),
        ("[192.0.2.1]", "192.0.2.1", []),
        ("[ipv6:2001:db8::1]", "2001:db8::1", []),
        ("plain@example.com", "plain@example.com", []),
    ])
    func unwrap(input: String, expected: String, warnings: [WarningCode]) {
        let (value, w) = TextCleaning.unwrap(input)
        #expect(value == expected)
        #expect(w == warnings)
    }

    @Test("Comments: CRLF → LF, empty → nil, truncated at 1024")
    func comments() {
        #expect(TextCleaning.comment("  a\r\nb\rc  ").value == "a\nb\nc")
        #expect(TextCleaning.comment("   ").value == nil)
        #expect(TextCleaning.comment(String?.none).value == nil)
        let long = TextCleaning.comment(String(repeating: "x", count: 1100))
        #expect(long.value?.count == 1024)
        #expect(long.truncated)
    }

    @Test("Registry names collapse whitespace")
    func collapse() {
        #expect(TextCleaning.collapseWhitespace("  Padded \t  Name  ") == "Padded Name")
    }
}

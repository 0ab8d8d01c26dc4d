import Testing
@testable import ESRecords

@Suite("Normalizer classification (R14, R23, R24, R25)")
struct NormalizerTests {
    typealias Expect = (patterns: [String], type: PatternType, regex: Bool)

    static let regexRules = RawEntry.Rules(regexAllowed: true)
    static let plainRules = RawEntry.Rules(regexAllowed: false)

    @Test("Values classify into the API's kinds", arguments: [
        ("john.smith@phish.example.net", ["john.smith@phish.example.net"], PatternType.email, false),
        ("phish.example.net", ["phish.example.net"], .domain, false),
        ("@example.org", ["example.org"], .domain, false),
        (".example.net", ["^.*\\.example\\.net$"], .domain, true),
        ("203.0.113.66", ["203.0.113.66"], .ip, false),
        ("^.*@(secure|verify)-example\\.com$", ["^.*@(secure|verify)-example\\.com$"], .email, true),
        (".*\\.top", [".*\\.top"], .domain, true),
        ("  Jane <Jane@Example.COM> ", ["jane@example.com"], .email, false),
        ("2001:DB8:0:0:1::1", ["2001:db8::1:0:0:1"], .ip, false),
    ])
    func classify(value: String, patterns: [String], type: PatternType, regex: Bool) throws {
        let c = try Normalizer.classify(value, typeHint: nil, isRegexHint: nil, rules: Self.regexRules).get()
        #expect(c.patterns == patterns)
        #expect(c.patternType == type)
        #expect(c.isRegex == regex)
    }

    @Test("Rejections carry the rule's reason", arguments: [
        ("", ReasonCode.missingPattern), ("  ", .missingPattern), ("localhost", .invalidDomain),
        ("bad..dots@example.com", .invalidEmail), ("^(unclosed", .invalidRegex), ("*", .patternTooBroad),
        ("^.*$", .patternTooBroad), ("256.1.1.1", .invalidIP), ("^" + String(repeating: "a", count: 1030) + "$", .patternTooLong),
    ])
    func rejected(value: String, reason: ReasonCode) {
        let r = Normalizer.classify(value, typeHint: nil, isRegexHint: nil, rules: Self.regexRules)
        #expect(r.failureReason == reason)
    }

    @Test("Without regex support, regex syntax is not a pattern")
    func regexNotAllowed() {
        #expect(Normalizer.classify("^foo$", typeHint: nil, isRegexHint: nil, rules: Self.plainRules).failureReason
            == .unrecognizedPattern)
        #expect(Normalizer.classify("^a@b\\.c$", typeHint: nil, isRegexHint: nil, rules: Self.plainRules).failureReason
            == .invalidEmail)
    }

    @Test("Type hints: IP disagreement rejects, EMAIL/DOMAIN is corrected")
    func typeHints() throws {
        #expect(Normalizer.classify("mail.example.net", typeHint: .ip, isRegexHint: nil, rules: Self.regexRules)
            .failureReason == .patternTypeMismatch)
        #expect(Normalizer.classify("203.0.113.9", typeHint: .sender, isRegexHint: nil, rules: Self.regexRules)
            .failureReason == .patternTypeMismatch)
        let corrected = try Normalizer.classify("example.net", typeHint: .email, isRegexHint: nil,
                                                rules: Self.regexRules).get()
        #expect(corrected.patternType == .domain)
        #expect(corrected.warnings.contains(.patternTypeCorrected))
        let regex = try Normalizer.classify(".*@x\\.example", typeHint: nil, isRegexHint: true, rules: Self.plainRules).get()
        #expect(regex.patternType == .email && regex.isRegex)
    }

    @Test("Dialect specials (R25)")
    func specials() throws {
        let barracuda = try Normalizer.classify("info", typeHint: nil, isRegexHint: nil,
                                                rules: .init(regexAllowed: false, localPartOnly: true)).get()
        #expect(barracuda.patterns == ["^info@.*$"])
        #expect(barracuda.patternType == .email && barracuda.isRegex)
        let cisco = RawEntry.Rules(regexAllowed: false, hatHostnames: true, bareNumberIsPartialIP: true)
        let host = try Normalizer.classify("mail.example.com", typeHint: nil, isRegexHint: nil, rules: cisco).get()
        #expect(host.patterns == ["^mail\\.example\\.com$"])
        #expect(host.patternType == .domain && host.isRegex)
        let partial = try Normalizer.classify(".example.com", typeHint: nil, isRegexHint: nil, rules: cisco).get()
        #expect(partial.patterns == ["^.*\\.example\\.com$"])
        let net = try Normalizer.classify("10", typeHint: nil, isRegexHint: nil, rules: cisco).get()
        #expect(net.patterns == ["10.0.0.0/8"])
    }
}

@Suite("Normalizer records (R21, R26–R31)")
struct NormalizerRecordTests {
    static func allow(_ value: String, _ flags: RawEntry.AllowFlags = .legacyAllow, comment: String? = nil)
        -> Result<Normalizer.Normalized, Normalizer.Failure>
    {
        Normalizer.normalize(RawEntry(target: .allow(flags), value: value, comment: comment))
    }

    @Test("A legacy allow is an acceptable sender; verify defaults by type (R28, R29)", arguments: [
        ("partner@example.com", true), ("example.org", true), ("203.0.113.0/24", false), (".*@x\\.example", true),
    ])
    func legacyAllow(value: String, verify: Bool) throws {
        let n = try Self.allow(value).get()
        guard case .allowPolicy(let p) = n.records.first else { Issue.record("not an allow policy"); return }
        #expect(p.isAcceptableSender && !p.isTrustedSender && !p.isExemptRecipient)
        #expect(p.verifySender == verify)
    }

    @Test("Explicit flags win, and a row with no action flag is rejected (R30)")
    func explicitFlags() throws {
        let trusted = try Self.allow("sim@example.net", .init(isTrustedSender: true, isAcceptableSender: false,
                                                              isExemptRecipient: false, verifySender: false)).get()
        guard case .allowPolicy(let p) = trusted.records.first else { Issue.record("not an allow policy"); return }
        #expect(p.isTrustedSender && !p.isAcceptableSender && !p.verifySender)
        let none = Self.allow("nobody@example.com", .init(isTrustedSender: false, isAcceptableSender: false,
                                                          isExemptRecipient: false))
        #expect(none.failureReason == .noAllowAction)
    }

    @Test("Non-public networks reject the whole row (R21)")
    func nonPublic() {
        #expect(Self.allow("10.20.30.40").failureReason == .ipPrivate)
        #expect(Self.allow("172.15.255.250-172.16.0.5").failureReason == .ipPrivate)
    }

    @Test("Ranges emit one record per CIDR with the same flags and comment")
    func ranges() throws {
        let n = try Self.allow("198.51.100.10-198.51.100.20", comment: "ESP pool").get()
        #expect(n.records.count == 4)
        #expect(n.warnings.contains(.ipRangeSplit))
        for r in n.records {
            guard case .allowPolicy(let p) = r else { Issue.record("not an allow policy"); continue }
            #expect(p.comments == "ESP pool")
        }
    }

    @Test("Trusted domains need a domain and a flag (R30)")
    func trusted() {
        func t(_ v: String, recent: Bool = true, similar: Bool = false) -> ReasonCode? {
            Normalizer.normalize(RawEntry(target: .trusted(isRecent: recent, isSimilarity: similar), value: v))
                .failureReason
        }
        #expect(t("user@example.com") == .notADomain)
        #expect(t("203.0.113.10") == .notADomain)
        #expect(t("no-flags.example.com", recent: false) == .noTrustedDomainFlags)
        #expect(t("example.org.") == nil)
    }

    @Test("Registry cells split into one record per address (R31)", arguments: [
        ("john.doe@example.com, jdoe@example.com", ["john.doe@example.com", "jdoe@example.com"]),
        ("ap@example.com; accounts.payable@example.com", ["ap@example.com", "accounts.payable@example.com"]),
        ("Chief Exec <ceo@example.com>", ["ceo@example.com"]),
        ("^cfo(\\.office)?@example\\.com$", ["^cfo(\\.office)?@example\\.com$"]),
    ])
    func registry(cell: String, emails: [String]) throws {
        let n = try Normalizer.normalize(RawEntry(target: .registry(name: " John   Doe "), value: cell)).get()
        let got = n.records.compactMap { r -> String? in
            if case .impersonation(let e) = r { #expect(e.name == "John Doe"); return e.email }
            return nil
        }
        #expect(got == emails)
    }

    @Test("Registry rejections", arguments: [
        ("", "a@example.com", ReasonCode.missingName), ("Name", "", .missingEmail), ("Name", "not-an-email", .invalidEmail),
        ("Name", " ; , ", .missingEmail), (String(repeating: "n", count: 1025), "a@example.com", .nameTooLong),
    ])
    func registryRejected(name: String, cell: String, reason: ReasonCode) {
        #expect(Normalizer.normalize(RawEntry(target: .registry(name: name), value: cell)).failureReason == reason)
    }
}

@Suite("De-duplication (R34)")
struct DeduplicatorTests {
    func ok(_ line: Int, _ records: [NormalizedRecord]) -> RowOutcome {
        RowOutcome(line: line, status: .ok, records: records, input: "")
    }

    @Test("First occurrence wins; flags differing are flagged; comments are not part of the key")
    func firstWins() {
        var d = Deduplicator()
        let a = NormalizedRecord.allowPolicy(AllowPolicy(pattern: "198.51.100.23", patternType: .ip,
                                                         isAcceptableSender: true, comments: "one"))
        let b = NormalizedRecord.allowPolicy(AllowPolicy(pattern: "198.51.100.23", patternType: .ip,
                                                         isTrustedSender: true, comments: "two"))
        #expect(d.process(ok(5, [a])).status == .ok)
        let dup = d.process(ok(26, [b]))
        #expect(dup.status == .duplicate)
        #expect(dup.duplicateOf == 5)
        #expect(dup.records.isEmpty)
        #expect(dup.warnings == [.duplicateFlagsDiffer])
    }

    @Test("The same pattern in allow and block is not a duplicate; partial rows keep only new records")
    func collectionsAndPartial() {
        var d = Deduplicator()
        let allow = NormalizedRecord.allowPolicy(AllowPolicy(pattern: "x.example", patternType: .domain, isAcceptableSender: true))
        let block = NormalizedRecord.blockSender(BlockedSender(pattern: "x.example", patternType: .domain))
        let other = NormalizedRecord.blockSender(BlockedSender(pattern: "y.example", patternType: .domain))
        #expect(d.process(ok(1, [allow])).status == .ok)
        #expect(d.process(ok(2, [block])).status == .ok)
        let partial = d.process(ok(3, [block, other]))
        #expect(partial.status == .ok)
        #expect(partial.records == [other])
    }

    @Test("Registry keys fold the name's case")
    func registryKey() {
        var d = Deduplicator()
        let a = NormalizedRecord.impersonation(ImpersonationEntry(name: "Jane Smith", email: "jane@example.com"))
        let b = NormalizedRecord.impersonation(ImpersonationEntry(name: "JANE SMITH", email: "jane@example.com"))
        let c = NormalizedRecord.impersonation(ImpersonationEntry(name: "Smith, Jane", email: "jane@example.com"))
        #expect(d.process(ok(1, [a])).status == .ok)
        #expect(d.process(ok(2, [b])).status == .duplicate)
        #expect(d.process(ok(3, [c])).status == .ok)
    }

    @Test("The table grows and keeps every key distinct")
    func growth() {
        var d = Deduplicator()
        for i in 0..<50_000 {
            let r = NormalizedRecord.blockSender(BlockedSender(pattern: "u\(i)@example.com", patternType: .email))
            #expect(d.process(ok(i + 1, [r])).status == .ok)
        }
        #expect(d.distinctCount == 50_000)
        let again = NormalizedRecord.blockSender(BlockedSender(pattern: "u49999@example.com", patternType: .email))
        #expect(d.process(ok(60_000, [again])).duplicateOf == 50_000)
    }
}

extension Result where Failure == Normalizer.Failure {
    var failureReason: ReasonCode? {
        if case .failure(let f) = self { return f.reason }
        return nil
    }
}

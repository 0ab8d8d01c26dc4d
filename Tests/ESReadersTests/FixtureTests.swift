import ESReaders
import ESRecords
import Foundation
import Testing

/// The shared fixtures (`../shared/fixtures/legacy`, copied here) and our samples of the other dialects must
/// match their expected outcomes on every normative field, row for row, with auto-detection and explicitly.
@Suite("Fixtures match their expected outcomes")
struct FixtureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var dialect: DialectName
        var testDescription: String { "\(file) (\(dialect))" }
        init(_ file: String, _ dialect: DialectName) { self.file = file; self.dialect = dialect }
    }

    static let cases: [Case] = [
        Case("area1-allowed-patterns.csv", .area1Allow),
        Case("area1-blocked-senders.csv", .area1Block),
        Case("area1-trusted-domains.csv", .area1Trusted),
        Case("area1-display-names.csv", .area1Registry),
        Case("generic-sender-lists.xml", .genericXML),
        Case("cloudflare-legacy-api-dump.jsonl", .cloudflareJSONL),
        Case("dialects/m365-tabl.csv", .m365TABL),
        Case("dialects/proofpoint-essentials.csv", .proofpointEssentials),
        Case("dialects/barracuda-sender-policies.csv", .barracuda),
        Case("dialects/barracuda-ip-policies.csv", .barracuda),
        Case("dialects/cisco-esa-config.xml", .ciscoESA),
        // §15's samples (../shared/fixtures/legacy-wave2, copied here).
        Case("wave2/symantec-allowed-blocked-senders.txt", .symantecSenders),
        Case("wave2/postfix-sender_access", .postfixAccess),
        Case("wave2/spamassassin-local.cf", .spamAssassin),
        Case("wave2/m365-eop-policies.json", .m365EOP),
        Case("wave2/mimecast-blocked-senders-policies.json", .mimecastPolicy),
        // Our own samples of §15's dialects, with quirks the shared ones do not have (hand-reviewed).
        Case("dialects/m365-eop-pwsh7-utf16.json", .m365EOP),
        Case("dialects/mimecast-data-array-and-managed.jsonl", .mimecastPolicy),
        Case("dialects/spamassassin-user_prefs.cf", .spamAssassin),
        Case("dialects/symantec-concatenated-exports.txt", .symantecSenders),
        Case("dialects/postfix-client_access.cidr", .postfixAccess),
    ]

    /// Samples that are not auto-detected (§15.1: Forcepoint files do not say which list they are).
    static let namedOnly: [Case] = [
        Case("wave2/forcepoint-allowlist-download.csv", .forcepointAllow),
        Case("dialects/forcepoint-blocklist-applyto.csv", .forcepointBlock),
    ]

    static let normativeKeys = ["line", "status", "reason", "duplicate_of", "records"]

    @Test("Auto-detection picks the right dialect", arguments: cases)
    func detection(c: Case) throws {
        let reader = try LegacyFileReader(path: TestSupport.fixture(c.file), logger: TestSupport.logger)
        #expect(reader.dialect == c.dialect)
    }

    @Test("Row-for-row match with the dialect named, for samples detection does not claim", arguments: namedOnly)
    func matchesNamed(c: Case) throws {
        try matches(c: c, explicit: true)
    }

    @Test("Row-for-row match, auto and explicit", arguments: cases, [true, false])
    func matches(c: Case, explicit: Bool) throws {
        let (file, dialect) = (c.file, c.dialect)
        let path = TestSupport.fixture(file)
        let expected = try String(contentsOfFile: path + ".expected.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let got = try TestSupport.outcomes(path, dialect: explicit ? .named(dialect) : .auto)
            .map(TestSupport.reportObject)
        #expect(got.count == expected.count, "item count")
        for (e, g) in zip(expected, got) {
            for key in Self.normativeKeys {
                let ev = e[key].map { NSArray(array: [$0]) } ?? NSArray()
                let gv = g[key].map { NSArray(array: [$0]) } ?? NSArray()
                #expect(ev == gv, "\(file) line \(e["line"] ?? "?") \(key): expected \(e[key] ?? "absent"), got \(g[key] ?? "absent")")
            }
        }
    }

    @Test("The summary's counts per status are the hand-reviewed expected file's, and lines ascend",
          arguments: cases + namedOnly)
    func accounting(c: Case) throws {
        let path = TestSupport.fixture(c.file)
        let outcomes = try TestSupport.outcomes(path, dialect: .named(c.dialect))
        var summary = NormalizeSummary()
        outcomes.forEach { summary.add($0) }
        // The expected file is an independent account: one line per unit, written and reviewed by hand.
        let expected = try String(contentsOfFile: path + ".expected.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(summary.items == expected.count)
        for status in RowOutcome.Status.allCases {
            let want = expected.filter { $0["status"] as? String == status.rawValue }.count
            #expect(summary.count(status) == want, "\(status): \(summary.count(status)) vs \(want) expected")
        }
        for (a, b) in zip(outcomes, outcomes.dropFirst()) { #expect(a.line <= b.line) }
    }
}

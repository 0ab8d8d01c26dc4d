import ESMigration
import ESRecords
import Foundation
import Testing

/// Each format's writer and reader, on values chosen to break a naive flattening.
@Suite("Export formats: write and read back")
struct ExportFormatTests {
    static func object(_ json: String) throws -> JSONValue { try JSONParser.parse(json) }

    static let awkward: [(SettingsCollection, String)] = [
        (.allowPolicies, #"{"id":"a1","pattern":"x@example.com","pattern_type":"EMAIL","is_regex":false,"comments":null,"verify_sender":true}"#),
        (.allowPolicies, #"{"id":"a2","pattern":"y@example.com","pattern_type":"EMAIL","comments":"","is_trusted_sender":"yes"}"#),
        (.allowPolicies, #"{"id":2401,"pattern":" spaced ","comments":"a,b \"c\"\r\nd\u0001e","future_field":{"x":[1,2.5,null]}}"#),
        (.blockSenders, #"{"pattern":"ünï|cødé ✓","pattern_type":"UNKNOWN","is_spoof":true,"weird key!":1}"#),
        (.domains, #"{"id":"d1","domain":"a.example","regions":[],"ip_restrictions":["1.2.3.4","with|pipe"],"drop_dispositions":["SPAM",""],"lookback_hops":null,"authorization":null,"emails_processed":{"total_emails_processed":5,"total_emails_processed_previous":0}}"#),
        (.domains, #"{"domain":"b.example","authorization":{"authorized":false,"extra":"x"},"allowed_delivery_modes":["DIRECT","BCC"]}"#),
        (.impersonationRegistry, #"{"name":"N","email":"e@example.com","directory_id":123456789012,"provenance":"SNOOPY-OFFICE_365"}"#),
    ]

    @Test("Every value survives a write and a read", arguments: ExportFormat.allCases)
    func values(format: ExportFormat) throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        for collection in SettingsCollection.allCases {
            let objects = try Self.awkward.filter { $0.0 == collection }.map { try Self.object($0.1) }
            let path = dir.appendingPathComponent("\(collection).\(format.fileExtension)").path
            let writer = try ExportWriters.make(path: path, collection: collection, format: format)
            for o in objects { try writer.write(o) }
            try writer.finish()
            let reader = try ExportReaders.make(path: path, collection: collection, format: format)
            var back: [JSONValue] = []
            while let (_, o) = try reader.next() { back.append(o) }
            #expect(back.map(ExportFixture.canonical) == objects.map(ExportFixture.canonical), "\(collection) \(format)")
        }
    }

    @Test("CSV keeps plain values in their columns and the rest in extra")
    func csvLayout() throws {
        let schema = ExportSchema(.domains)
        let cells = schema.cells(of: try Self.object(Self.awkward[4].1))
        let column = { (name: String) in cells[schema.header.firstIndex(of: name)!] }
        #expect(column("id") == "d1")
        #expect(column("ip_restrictions") == "")           // an item holds |
        #expect(column("emails_processed.total_emails_processed") == "5")
        let extra = try JSONParser.parse(column("extra"))
        #expect(extra["ip_restrictions"] == .array([.string("1.2.3.4"), .string("with|pipe")]))
        #expect(extra["regions"] == .array([]))
        #expect(extra["lookback_hops"] == .null)
        #expect(extra["authorization"] == .null)
        let plain = schema.cells(of: try Self.object(Self.awkward[5].1))
        #expect(plain[schema.header.firstIndex(of: "allowed_delivery_modes")!] == "DIRECT|BCC")
    }

    @Test("A CSV with another header is refused with its line")
    func csvHeader() throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.csv").path
        try "id,pattern\r\n1,a\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try CSVRecordReader(path: path, schema: ExportSchema(.blockSenders)) } throws: {
            "\($0)".contains("x.csv:1: the header is not the block_senders export header")
        }
    }

    @Test("XML with a DTD is refused before libxml2 parses it (entity expansion, XXE)", arguments: [
        #"<?xml version="1.0"?><!DOCTYPE export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><export xmlns="urn:esmigrate:export:1"><record><pattern>&b;</pattern></record></export>"#,
        #"<?xml version="1.0"?><!DOCTYPE export SYSTEM "file:///etc/passwd"><export xmlns="urn:esmigrate:export:1"/>"#,
    ])
    func xmlDoctype(document: String) throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.xml").path
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try XMLRecordReader(path: path, collection: .blockSenders) } throws: {
            "\($0)".contains("document type declaration is refused")
        }
    }

    @Test("XML in another namespace or for another collection is refused")
    func xmlRoot() throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.xml").path
        try #"<export xmlns="urn:other"><record/></export>"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { _ = try XMLRecordReader(path: path, collection: .domains).next() } throws: { "\($0)".contains("root") }
        try #"<export xmlns="urn:esmigrate:export:1" collection="domains"><record/></export>"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect { _ = try XMLRecordReader(path: path, collection: .allowPolicies).next() } throws: {
            "\($0)".contains("holds domains")
        }
    }

    @Test("The dashboard CSV has the documented header and the four flags")
    func dashboard() throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.csv").path
        let writer = try ExportWriters.make(path: path, collection: .allowPolicies, format: .csv, dialect: .dashboardAllow)
        try writer.write(try Self.object(#"{"pattern":"whale@notaphish.com","comments":"not a phish","verify_sender":true,"is_trusted_sender":true,"is_exempt_recipient":false,"is_acceptable_sender":true}"#))
        try writer.finish()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender\r\n"
            + "whale@notaphish.com,not a phish,true,true,false,true\r\n")
    }
}

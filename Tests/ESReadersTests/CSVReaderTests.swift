import ESReaders
import ESRecords
import Foundation
import Testing

@Suite("CSV reader (R1–R8)")
struct CSVReaderTests {
    func records(_ bytes: [UInt8], delimiter: UInt8? = nil) throws -> (CSVPreamble, [CSVRecord]) {
        try TestSupport.withFile(bytes) { path in
            let reader = CSVReader(input: try ByteInput(path: path, bufferSize: 16))   // tiny buffer: refills everywhere
            let preamble = try CSVPreamble.consume(reader, forcedDelimiter: delimiter)
            var out: [CSVRecord] = []
            while let r = try reader.next() { out.append(r) }
            return (preamble, out)
        }
    }

    func records(_ text: String, delimiter: UInt8? = nil) throws -> [CSVRecord] {
        try records(Array(text.utf8), delimiter: delimiter).1
    }

    @Test("Line endings CRLF, LF and CR; a final newline makes no row", arguments: ["\r\n", "\n", "\r"])
    func lineEndings(eol: String) throws {
        let recs = try records("a,b\(eol)c,d\(eol)\(eol)e,f\(eol)")
        #expect(recs.map(\.fields) == [["a", "b"], ["c", "d"], [""], ["e", "f"]])
        #expect(recs.map(\.line) == [1, 2, 3, 4])
    }

    @Test("Quoted fields: doubled quotes, delimiters, line breaks with physical line numbers")
    func quoting() throws {
        let recs = try records("h1,h2\r\n\"a \"\"q\"\" b\",\"x,y\"\r\n\"multi\r\nline\r\nnote\",z\r\nlast,row\r\n")
        #expect(recs[1].fields == ["a \"q\" b", "x,y"])
        #expect(recs[2].fields == ["multi\r\nline\r\nnote", "z"])
        #expect(recs[2].line == 3)
        #expect(recs[2].lineCount == 3)
        #expect(recs[3].line == 6)
    }

    @Test("Leniency: blanks before an opening quote, text after a closing quote")
    func leniency() throws {
        let recs = try records("a, \"x, y\", \"q\"tail\n")
        #expect(recs[0].fields == ["a", "x, y", "qtail"])
    }

    @Test("An unterminated quote sets aside only its first line and reading resumes")
    func unterminated() throws {
        let recs = try records("a,b\n\"broken,c\nd,e\nf,g\n")
        #expect(recs.map(\.isMalformed) == [false, true, false, false])
        #expect(recs[2].fields == ["d", "e"])
        #expect(recs[2].line == 3)
    }

    @Test("sep= and #TYPE lines are preamble; the delimiter is sniffed, a tie goes to comma")
    func preamble() throws {
        let (p1, r1) = try records(Array("sep=;\r\na;b,c\r\n1;2,3\r\n".utf8))
        #expect(p1.delimiter == UInt8(ascii: ";") && p1.delimiterFromSepLine)
        #expect(r1[1].fields == ["1", "2,3"])
        #expect(r1[1].line == 3)
        let (p2, r2) = try records(Array("#TYPE Selected.X\r\n\"A\";\"B\"\r\n".utf8))
        #expect(p2.hadTypeLine && p2.delimiter == UInt8(ascii: ";"))
        #expect(r2[0].line == 2)
        #expect(CSVPreamble.sniffDelimiter(Array("a\tb\tc,d".utf8)) == 9)
        #expect(CSVPreamble.sniffDelimiter(Array("a;b,c".utf8)) == 44)
        #expect(CSVPreamble.sniffDelimiter(Array("\"a;b;c\",d".utf8)) == 44)
    }

    @Test("Invalid UTF-8 falls back to Windows-1252 with a warning")
    func windows1252() throws {
        let bytes: [UInt8] = Array("Blocked_Sender, Notes\nsales@m".utf8) + [0xFC]
            + Array("nchen.example, caf".utf8) + [0xE9, 0x0A]
        let items = try TestSupport.withFile(bytes) { try TestSupport.readAll($0) }
        #expect(items.count == 1)
        #expect(items[0].outcome.warnings.contains(.legacyEncoding))
        guard case .blockSender(let b) = items[0].outcome.records.first else { Issue.record("no record"); return }
        #expect(b.pattern == "sales@xn--mnchen-3ya.example")
        #expect(b.comments == "café")
    }

    @Test("UTF-16 files with a BOM are read", arguments: [true, false])
    func utf16(littleEndian: Bool) throws {
        let text = "Blocked_Sender, Notes\r\nsales@münchen.example, IDN\r\n"
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            let (hi, lo) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += littleEndian ? [lo, hi] : [hi, lo]
        }
        let outcomes = try TestSupport.withFile(bytes) { try TestSupport.outcomes($0) }
        #expect(outcomes.count == 1)
        #expect(outcomes[0].status == .ok)
        guard case .blockSender(let b) = outcomes[0].records.first else { Issue.record("no record"); return }
        #expect(b.pattern == "sales@xn--mnchen-3ya.example")
    }

    @Test("Surplus cells join the free-text column; elsewhere they are too many")
    func surplus() throws {
        let block = try TestSupport.withFile("Blocked_Sender, Notes\na@example.com, one, two\n") { try TestSupport.outcomes($0) }
        guard case .blockSender(let b) = block[0].records.first else { Issue.record("no record"); return }
        #expect(b.comments == "one, two")
        let trusted = try TestSupport.withFile("Domain, Notes, Proximity, Recent\nx.example, n, true, true, extra\n") {
            try TestSupport.outcomes($0)
        }
        #expect(trusted[0].reason == .tooManyColumns)
    }

    @Test("Barracuda's unquoted comma header is repaired")
    func headerRepair() throws {
        let header = CSVHeader(record: CSVRecord(line: 1, fields: ["Email Address", "Policy (block", " exempt",
                                                                   " quarantine)", "Comment"], raw: ""))
        #expect(header.keys == ["emailaddress", "policyblockexemptquarantine", "comment"])
    }
}

@Suite("JSON Lines (R11)")
struct JSONTests {
    @Test("Parser handles escapes, surrogates, numbers and nesting")
    func parser() throws {
        let v = try JSONParser.parse(#"{"a":"x\u003cy\u0026\ud83d\ude00\n","n":-12.5e3,"id":2402,"b":[true,false,null],"o":{}}"#)
        #expect(v["a"] == .string("x<y&😀\n"))
        #expect(v["n"] == .number("-12.5e3"))
        #expect(v["id"] == .number("2402"))
        #expect(v["b"] == .array([.bool(true), .bool(false), .null]))
    }

    @Test("Malformed JSON is refused", arguments: [
        #"{"a":1,"#, #"{"a":}"#, #"{'a':1}"#, #"{"a":01}"#, #"{"a":"\x"}"#, #"[1,]"#, #"{"a":1}}"#, #""\ud800""#,
        String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
    ])
    func malformed(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test("Bad lines are reported, never fatal; BOM and CRLF are tolerated")
    func lines() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(
            "{\"pattern\":\"a.example\",\"pattern_type\":\"DOMAIN\",\"is_regex\":false}\r\n{bad\r\n  \r\n42\r\n{\"x\":1}\r\n".utf8)
        let o = try TestSupport.withFile(bytes, name: "x.jsonl") { try TestSupport.outcomes($0) }
        #expect(o.map(\.status) == [.ok, .rejected, .skipped, .rejected, .rejected])
        #expect(o.compactMap(\.reason) == [.invalidJSON, .blankLine, .notAnObject, .unrecognizedObject])
        #expect(o.map(\.line) == [1, 2, 3, 4, 5])
    }
}

@Suite("Dialect detection")
struct DetectionTests {
    @Test("An unknown header fails with a clear message")
    func unknownHeader() throws {
        try TestSupport.withFile("Foo, Bar\n1, 2\n") { path in
            do {
                _ = try LegacyFileReader(path: path, logger: TestSupport.logger)
                Issue.record("expected a detection failure")
            } catch let error as ReaderError {
                #expect(error.kind == .undetectedDialect)
                #expect(error.message.contains("Foo | Bar"))
                #expect(error.line == 1)
            }
        }
    }

    @Test("A missing file is unreadable")
    func missing() {
        #expect(throws: ReaderError.self) { try LegacyFileReader(path: "/nonexistent/x.csv", logger: TestSupport.logger) }
    }

    @Test("A generic CSV is read through --map")
    func mapped() throws {
        let mapping = try MappedCSVDialect.Mapping.parse(collection: .blockSenders,
                                                         options: ["pattern=Sender", "comments=Why"])
        let items = try TestSupport.withFile("Sender;Why;Other\nbad@example.com;phish;x\n;empty;y\n") {
            try TestSupport.readAll($0, dialect: .named(.mapped), mapping: mapping)
        }
        #expect(items.map(\.outcome.status) == [.ok, .rejected])
        guard case .blockSender(let b) = items[0].outcome.records.first else { Issue.record("no record"); return }
        #expect(b.comments == "phish")
        #expect(throws: ReaderError.self) {
            try MappedCSVDialect.Mapping.parse(collection: .blockSenders, options: ["bogus=X"])
        }
    }
}

@Suite("Sender-list columns (Proofpoint-style spreadsheets)")
struct SenderListColumnTests {
    @Test("An Action column wins over a Type column; organisation scopes import, user scopes are skipped")
    func columnsAndScope() throws {
        let csv = "\u{FEFF}Entry;Type;Action;Level;Notes\r\n"
            + "partner@example.com;Email;Safe Sender;Organisation level;ok\r\n"
            + "bad.example;Domain;Blocked Sender;Company;ok\r\n"
            + "boss@example.com;Email;Safe Sender;User: ceo@example.com;personal list\r\n"
            + "held@example.com;Email;Quarantäne;;german word\r\n"
            + ";;;;\r\n"
        let outcomes = try TestSupport.withFile(Array(csv.utf8)) { try TestSupport.outcomes($0) }
        #expect(outcomes.map(\.status) == [.ok, .ok, .skipped, .skipped, .skipped])
        #expect(outcomes.compactMap(\.reason) == [.perRecipientScope, .unsupportedAction, .blankLine])
        #expect(outcomes[0].collection == .allowPolicies)
        #expect(outcomes[1].collection == .blockSenders)
    }
}

import ESReaders
import ESRecords
import Foundation
import Testing

/// Inputs built to hurt (issue 9): units past the cap, one giant JSON line, UTF-16 without a BOM, control
/// bytes in headers and values. Each case states what a correct reader must report, counted independently.
@Suite("Hostile input: caps, encodings, control characters")
struct HostileInputTests {
    static func read(_ bytes: [UInt8], name: String, cap: Int = 64 << 10) throws -> [RowOutcome] {
        try TestSupport.withFile(bytes, name: name) { path in
            let reader = try LegacyFileReader(path: path, options: ReadOptions(maxRecordBytes: cap),
                                              logger: TestSupport.logger)
            var outcomes: [RowOutcome] = []
            while let item = try reader.next() { outcomes.append(item.outcome) }
            return outcomes
        }
    }

    static func giant(_ count: Int, byte: UInt8 = UInt8(ascii: "a")) -> [UInt8] { [UInt8](repeating: byte, count: count) }

    @Test("A CSV row past the cap is one too_long item with its line; the rows after it are read",
          arguments: ["\n", "\r\n", "\r"])
    func csvRowPastCap(newline: String) throws {
        let nl = Array(newline.utf8)
        let bytes = Array("Blocked_Sender,Notes".utf8) + nl + Array("a@example.com,one".utf8) + nl
            + Self.giant(300_000) + Array(",x".utf8) + nl + Array("b@example.com,two".utf8) + nl
        let outcomes = try Self.read(bytes, name: "rows.csv")
        #expect(outcomes.map(\.line) == [2, 3, 4])
        #expect(outcomes.map(\.status) == [.ok, .rejected, .ok])
        #expect(outcomes[1].reason == .tooLong)
        #expect(outcomes[1].input.unicodeScalars.count <= ReadLimits.excerptBytes + 1)
    }

    @Test("A quoted field that runs past the cap sets its first line aside; reading resumes on the next line")
    func csvQuotedPastCap() throws {
        var bytes = Array("Blocked_Sender,Notes\na@example.com,\"open quote\n".utf8)
        for _ in 0..<2000 { bytes += Array("more text of an unterminated note, line after line\n".utf8) }
        bytes += Array("b@example.com,end\n".utf8)
        let outcomes = try Self.read(bytes, name: "quoted.csv", cap: 16 << 10)
        #expect(outcomes.first?.line == 2 && outcomes.first?.reason == .tooLong)
        // Every later physical line is its own item again: 2000 note lines and the last row.
        #expect(outcomes.count == 1 + 2000 + 1)
        #expect(outcomes.last?.status == .ok && outcomes.last?.line == 2003)
    }

    @Test("A first row past the cap (a file of NULs, a binary, thousands of columns) is refused as having no header")
    func headerPastCap() throws {
        #expect(throws: ReaderError.self) { try Self.read(Self.giant(200_000, byte: 0), name: "nul.csv") }
        let columns = Array("Pattern, Notes, Verify Email".utf8) + Self.giant(CSVReader.maxFields, byte: 9) + [10]
        #expect(throws: ReaderError.self) { try Self.read(columns + Array("a@example.com\n".utf8), name: "tabs.csv") }
    }

    @Test("A row with more fields than the cap is too_long, however few bytes it has; the next rows are read")
    func rowWithTooManyFields() throws {
        let bytes = Array("Blocked_Sender,Notes\na@example.com,one\n".utf8) + Self.giant(CSVReader.maxFields, byte: 44)
            + Array("\nb@example.com,two\n".utf8)
        let outcomes = try Self.read(bytes, name: "commas.csv")
        #expect(outcomes.map(\.line) == [2, 3, 4])
        #expect(outcomes.map(\.reason) == [nil, .tooLong, nil])
    }

    @Test("One physical JSON Lines line is one item, with its real line number, whatever its length",
          arguments: ["\n", "\r\n"])
    func jsonLinePastCap(newline: String) throws {
        let nl = Array(newline.utf8)
        let record = Array(#"{"pattern":"a@example.com","pattern_type":"EMAIL","collection":"block_senders"}"#.utf8)
        let bytes = record + nl + Array(#"{"comments":""#.utf8) + Self.giant(3_000_000) + Array(#""}"#.utf8) + nl
            + Array(#"{"pattern":"c@example.com","pattern_type":"EMAIL","collection":"block_senders"}"#.utf8) + nl
        let outcomes = try Self.read(bytes, name: "lines.jsonl", cap: 1 << 20)
        #expect(outcomes.map(\.line) == [1, 2, 3])
        #expect(outcomes[1].reason == .tooLong)
        #expect(outcomes[1].input.unicodeScalars.count <= ReadLimits.excerptBytes + 1)
        #expect(outcomes[0].status == .ok && outcomes[2].status == .ok)
    }

    @Test("An XML text node past the cap makes its entry too_long; the next entries are read")
    func xmlTextPastCap() throws {
        let bytes = Array(#"<?xml version="1.0"?><lists><blockList><entry type="email"><value>a@example.com</value></entry>"#.utf8)
            + Array("\n<entry type=\"email\"><value>b@example.com</value><comment>".utf8) + Self.giant(500_000)
            + Array("</comment></entry>\n<entry type=\"email\"><value>c@example.com</value></entry></blockList></lists>\n".utf8)
        let outcomes = try Self.read(bytes, name: "lists.xml", cap: 64 << 10)
        #expect(outcomes.map(\.status) == [.ok, .rejected, .ok])
        #expect(outcomes[1].reason == .tooLong && outcomes[1].line == 2)
    }

    @Test("UTF-16 without a BOM reads like the same text in UTF-8", arguments: [
        ("Blocked_Sender,Notes\r\na@example.com,one\r\nb.example,two\r\n10.0.0.1,private\r\n", "list.csv"),
        (#"{"pattern":"a@example.com","pattern_type":"EMAIL","collection":"block_senders"}"# + "\n"
            + #"{"pattern":"b.example","pattern_type":"DOMAIN","collection":"block_senders"}"# + "\n", "list.jsonl"),
    ])
    func utf16WithoutBOM(text: String, name: String) throws {
        let utf8 = try Self.read(Array(text.utf8), name: name)
        #expect(!utf8.isEmpty)
        var le: [UInt8] = [], be: [UInt8] = []
        for unit in text.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        #expect(try Self.read(le, name: name) == utf8)
        #expect(try Self.read(be, name: name) == utf8)
    }

    @Test("A header no dialect knows is quoted with its control bytes escaped and its length capped")
    func undetectedHeaderIsEscaped() throws {
        let bytes = Array("Sender\u{1B}]0;PWNED\u{07}X,Foo,".utf8) + Self.giant(60_000) + Array("\nx,y\n".utf8)
        do {
            _ = try Self.read(bytes, name: "odd.csv")
            Issue.record("an unknown header was accepted")
        } catch let e as ReaderError {
            let text = e.description
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(text)")
            #expect(text.contains(#"\u{1B}]0;PWNED\u{7}"#))
            #expect(text.utf8.count < 2000)
        }
    }

    @Test("Control characters in a pattern, a name or a comment are rejected as invalid_characters", arguments: [
        ("Blocked_Sender,Notes\n^evil\u{01}.*@example\\.com$,x\n", "block.csv", ReasonCode.invalidCharacters),
        ("Blocked_Sender,Notes\nok@example.com,bell \u{07} here\n", "block.csv", .invalidCharacters),
        ("Blocked_Sender,Notes\nok@example.com,C1 \u{9B} here\n", "block.csv", .invalidCharacters),
        ("Display_Name,Email\nBad\u{1B}Name,ceo@example.com\n", "names.csv", .invalidCharacters),
    ])
    func controlCharacters(text: String, name: String, reason: ReasonCode) throws {
        let outcomes = try Self.read(Array(text.utf8), name: name)
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.reason == reason, "\(outcomes)")
    }

    @Test("Line breaks and tabs inside a quoted comment are still accepted")
    func multiLineNotes() throws {
        let outcomes = try Self.read(Array("Blocked_Sender,Notes\nok@example.com,\"two\nlines\twith a tab\"\n".utf8),
                                     name: "block.csv")
        #expect(outcomes.map(\.status) == [.ok])
    }

    @Test("A long row in UTF-16 without a BOM reads without writing past the buffer (found by the fuzz run)")
    func longUTF16Row() throws {
        var text = "Display_Name, Email\nStar, star@example.com\n"
        text += String(repeating: "x", count: 600_000) + ", a@example.com\nLast, last@example.com\n"
        var be: [UInt8] = []
        for unit in text.utf16 { be += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let outcomes = try Self.read(be, name: "names.csv", cap: 1 << 20)
        #expect(outcomes.map(\.line) == [2, 3, 4])
        #expect(outcomes.first?.status == .ok && outcomes.last?.status == .ok)
    }
}

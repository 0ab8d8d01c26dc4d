import ESReaders
import ESRecords
import Foundation
import Logging
import Testing

/// Second hardening round on the line-based readers: caps that hold, inputs that cannot be read twice,
/// reports that do not grow with the square of a line, and no guessed character in a record.
@Suite("Hostile line-based inputs")
struct HostileTextTests {
    static func read(_ bytes: [UInt8], name: String, dialect: DialectChoice = .auto, maxRecordBytes: Int? = nil)
        throws -> [ReadItem]
    {
        try TestSupport.withFile(bytes, name: name) { path in
            var options = ReadOptions(dialect: dialect)
            if let maxRecordBytes { options.maxRecordBytes = maxRecordBytes }
            let reader = try LegacyFileReader(path: path, options: options, logger: Logger(label: "test"))
            var items: [ReadItem] = []
            while let item = try reader.next() { items.append(item) }
            return items
        }
    }

    @Test("Postfix: a logical line longer than the record cap is one too_long item; its continuations are not items")
    func postfixLogicalLineCap() throws {
        // 5,000 continuation lines of 12 bytes: 60 KB joined, past a 16 KiB cap.
        var text = "spam.example REJECT start\n"
        for i in 0..<5000 { text += "   word\(String(i).padding(toLength: 4, withPad: "x", startingAt: 0))\n" }
        text += "ok.example OK\n"
        let items = try Self.read(Array(text.utf8), name: "access", dialect: .named(.postfixAccess),
                                  maxRecordBytes: 16 << 10)
        #expect(TextDialectTests.summary(items) == ["1 rejected too_long", "5002 ok - allow:ok.example"])
        #expect(items[0].source.utf8.count <= 16 << 10)
    }

    @Test("Postfix: joining is linear (40,000 continuation lines under the default cap join into one entry)")
    func postfixManyContinuations() throws {
        var text = "spam.example REJECT\n"
        for _ in 0..<40_000 { text += " x\n" }
        let items = try Self.read(Array(text.utf8), name: "access", dialect: .named(.postfixAccess))
        #expect(TextDialectTests.summary(items) == ["1 ok - block:spam.example"])
        #expect(items[0].source.split(separator: "\n").count == 40_001)
    }

    @Test("Postfix: an indented line with nothing to continue is rejected (postmap refuses it), not an entry")
    func postfixIndentedFirstLine() throws {
        let text = "   a.example OK\n# c\n  b.example REJECT\nc.example OK\n   more text\n"
        let items = try Self.read(Array(text.utf8), name: "access", dialect: .named(.postfixAccess))
        #expect(TextDialectTests.summary(items) == [
            "1 rejected unrecognized_pattern", "2 skipped comment_line", "3 rejected unrecognized_pattern",
            "4 ok - allow:c.example",
        ])
        #expect(TextDialectTests.comments(items) == ["more text"])
    }

    @Test("Postfix: thousands of comments inside one logical line are all reported, and the entry keeps its continuation")
    func postfixHeldComments() throws {
        var text = "spam.example REJECT go\n"
        for i in 0..<3000 { text += "# note \(i)\n" }
        text += "  away\n"
        let items = try Self.read(Array(text.utf8), name: "access", dialect: .named(.postfixAccess))
        #expect(items.count == 3001)
        #expect(items.filter { $0.outcome.reason == .commentLine }.count == 3000)
        #expect(Set(items.map(\.outcome.line)).count == 3001, "each physical line reported once")
        #expect(TextDialectTests.comments(items).compactMap { $0 } == ["go away"])
    }

    @Test("SpamAssassin: each item of a many-address line carries its own address as input, not the whole line")
    func spamAssassinTokenInputs() throws {
        let addresses = (0..<2000).map { "sender\($0)@example.com" }
        let text = "whitelist_from " + addresses.joined(separator: " ") + "\nunwhitelist_from sender7@example.com\n"
        let items = try Self.read(Array(text.utf8), name: "local.cf", dialect: .named(.spamAssassin))
        #expect(items.count == 2000)
        #expect(items.map(\.outcome.input) == addresses)
        #expect(items[7].outcome.reason == .disabledEntry)
        let reportBytes = items.reduce(0) { $0 + $1.outcome.input.utf8.count }
        #expect(reportBytes < 60_000, "inputs total \(reportBytes) bytes for a 44 KB line")
    }

    @Test("Bytes no encoding defines (0x81, 0x8D, 0x8F, 0x90, 0x9D in Windows-1252) reject the row, never a record",
          arguments: [0x81, 0x8D, 0x8F, 0x90, 0x9D] as [UInt8])
    func undefinedWindows1252(byte: UInt8) throws {
        let csv: [UInt8] = Array("Blocked_Sender, Notes\n".utf8) + [byte, 0x8D] + Array(".example.com, bad\nok.example.com, fine\n".utf8)
        let items = try Self.read(csv, name: "block.csv")
        #expect(items.map(\.outcome.status) == [.rejected, .ok])
        #expect(items[0].outcome.reason == .invalidCharacters)
        let postfix: [UInt8] = [byte] + Array(".example.com REJECT\n".utf8)
        let line = try Self.read(postfix, name: "access", dialect: .named(.postfixAccess))
        #expect(line.map(\.outcome.reason) == [.invalidCharacters])
    }
}

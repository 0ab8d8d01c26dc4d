import ESReaders
import ESRecords
import Foundation
import CLibXML2
import Testing

extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

/// Feeds randomly corrupted versions of every fixture to every reader: no crash, no hang, and every item is
/// accounted for (`items = ok + duplicate + skipped + rejected`, one item per CSV record or JSONL line).
@Suite("Mutation: corrupted inputs never crash and are fully accounted for")
struct MutationTests {
    /// Bytes that matter to some reader's syntax, plus invalid UTF-8 and NUL.
    static let interesting: [UInt8] = Array("\",;\t\r\n<>&{}[]:\\/*?@.-#=!' ".utf8) + [0, 0xFF, 0xC3, 0xE2, 0x80, 0xEF]

    static func mutate(_ input: [UInt8], rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.below(4)) {
            let at = rng.below(bytes.count + 1)
            switch rng.below(7) {
            case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes.insert(interesting[rng.below(interesting.count)], at: at)
            case 2 where !bytes.isEmpty: bytes.remove(at: min(at, bytes.count - 1))
            case 3: bytes = Array(bytes.prefix(at))
            case 4 where !bytes.isEmpty:
                let start = rng.below(bytes.count), length = rng.below(64)
                bytes.insert(contentsOf: bytes[start..<min(bytes.count, start + length)], at: at)
            case 5 where !bytes.isEmpty:
                let start = rng.below(bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + rng.below(32)))
            default: bytes.insert(contentsOf: Array("\"\n\"".utf8), at: at)
            }
        }
        return bytes
    }

    static let iterationsPerFixture = 1_000

    @Test("1,000 corruptions of each fixture", arguments: FixtureTests.cases + FixtureTests.namedOnly)
    func mutations(c: FixtureTests.Case) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture(c.file))))
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ext = (c.file as NSString).pathExtension
        let path = dir.appendingPathComponent("mutant.\(ext)").path
        var rng = SplitMix64(seed: c.file.hashValueStable)
        var readFiles = 0, fileErrors = 0, items = 0
        for iteration in 0..<Self.iterationsPerFixture {
            let mutant = Self.mutate(original, rng: &rng)
            try Data(mutant).write(to: URL(fileURLWithPath: path))
            let context = "\(c.file) iteration \(iteration)"
            do {
                let reader = try LegacyFileReader(path: path, options: ReadOptions(dialect: .named(c.dialect)),
                                                  logger: TestSupport.logger)
                var summary = NormalizeSummary()
                var previousLine = 0
                var perLine: [Int: Int] = [:]
                var outcomes: [RowOutcome] = []
                while let item = try reader.next() {
                    let o = item.outcome
                    summary.add(o)
                    outcomes.append(o)
                    perLine[o.line, default: 0] += 1
                    #expect(o.line >= 1, "\(context): line \(o.line)")
                    if c.dialect == .m365EOP || c.dialect == .mimecastPolicy {
                        // Several units may share a line; the invalid_json item names where its value began.
                        if o.reason != .invalidJSON { #expect(o.line >= previousLine, "\(context): lines go back") }
                    } else if c.dialect == .spamAssassin {
                        // Several values of one line are several items of that line.
                        #expect(o.line >= previousLine, "\(context): lines go back")
                    } else if reader.format != .xml {
                        #expect(o.line > previousLine, "\(context): lines go back")
                    }
                    previousLine = o.line
                    switch o.status {
                    case .ok: #expect(!o.records.isEmpty && o.reason == nil, "\(context)")
                    case .duplicate: #expect(o.duplicateOf != nil && o.duplicateOf! <= o.line, "\(context)")
                    case .skipped, .rejected: #expect(o.reason != nil && o.records.isEmpty, "\(context)")
                    }
                }
                let statuses = RowOutcome.Status.allCases.map(summary.count).reduce(0, +)
                #expect(statuses == summary.items, "\(context): every item has one status")
                if reader.format == .csv, reader.csvHeader != nil {
                    #expect(summary.items == (try Self.csvRecordCount(path, delimiter: reader.csvPreamble!.delimiter)),
                            "\(context): items vs records")
                }
                if c.dialect == .cloudflareJSONL {
                    #expect(summary.items == Self.physicalLines(mutant), "\(context): items vs lines")
                }
                if c.dialect == .m365EOP || c.dialect == .mimecastPolicy {
                    // At most one invalid_json item, and it ends the report.
                    let broken = outcomes.indices.filter { outcomes[$0].reason == .invalidJSON }
                    #expect(broken.count <= 1 && broken.allSatisfy { $0 == outcomes.count - 1 }, "\(context)")
                    // A mutant that is still one JSON value: its units counted on the tree of the other parser
                    // (ESRecords' JSONParser, not the streaming reader under test).
                    var body = mutant[...]
                    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
                    if let tree = try? JSONParser.parse(Array(body)) {
                        let units = c.dialect == .m365EOP ? Self.exchangeUnits(tree) : Self.mimecastUnits(tree)
                        #expect(broken.isEmpty && summary.items == units, "\(context): \(summary.items) items vs \(units) units")
                    }
                }
                if reader.format == .text {
                    let lines = Self.textLines(mutant)
                    switch c.dialect {
                    case .symantecSenders:
                        // One item per physical line but the header lines (dn:, objectclass:).
                        let headers = lines.filter { l in
                            let key = l.split(separator: ":", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                            return l.contains(":") && (key == "dn" || key == "objectclass")
                        }.count
                        #expect(summary.items == lines.count - headers, "\(context): items vs lines")
                    case .postfixAccess:
                        // One item per physical line but continuation lines (white space first, after an entry).
                        var continuations = 0, seenEntry = false
                        for l in lines {
                            let t = l.trimmingCharacters(in: .whitespaces)
                            if t.isEmpty || t.hasPrefix("#") { continue }
                            if (l.hasPrefix(" ") || l.hasPrefix("\t")), seenEntry { continuations += 1 } else { seenEntry = true }
                        }
                        #expect(summary.items <= lines.count - continuations, "\(context): items vs lines")
                        #expect(summary.items >= lines.count - continuations - Self.longLines(lines), "\(context): items vs lines")
                    default:
                        // Never more items on a line than it has words after the directive.
                        for (line, n) in perLine {
                            let words = line <= lines.count ? lines[line - 1].split(whereSeparator: { $0 == " " || $0 == "\t" }).count : 0
                            #expect(n <= max(1, words - 1), "\(context): \(n) items on line \(line) of \(words) words")
                        }
                    }
                }
                if c.dialect == .genericXML, let entries = Self.wellFormedEntryCount(mutant) {
                    #expect(summary.items == entries, "\(context): items vs <entry> elements")
                }
                items += summary.items
                readFiles += 1
            } catch is ReaderError {
                fileErrors += 1     // a broken header or unsafe XML: refused as a whole, with a message
            }
        }
        #expect(readFiles + fileErrors == Self.iterationsPerFixture)
        #expect(readFiles > Self.iterationsPerFixture / 2, "most mutants still read: \(readFiles)")
        #expect(items > 0)
    }

    /// The `<entry>` elements of a well-formed document, counted on the tree that libxml2's document parser
    /// builds (not the streaming reader under test), or `nil` when the parser refuses the document (a
    /// truncated or broken mutant; no recovery). Foundation's `XMLParser` is no oracle here: on Linux it
    /// recovers from mismatched tags.
    static func wellFormedEntryCount(_ bytes: [UInt8]) -> Int? {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), nil, nil, options) }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        func count(_ node: xmlNodePtr?) -> Int {
            var n = 0, current = node
            while let c = current {
                if c.pointee.type == XML_ELEMENT_NODE, String(cString: c.pointee.name) == "entry" { n += 1 }
                n += count(c.pointee.children)
                current = c.pointee.next
            }
            return n
        }
        return count(xmlDocGetRootElement(document))
    }

    /// Records after the preamble and header, counted by an independent pass of the CSV reader.
    static func csvRecordCount(_ path: String, delimiter: UInt8) throws -> Int {
        let reader = CSVReader(input: try ByteInput(path: path))
        let input = reader.input
        let prefix = try input.peek(3)
        let bom = TextEncoding.detectBOM(prefix)
        input.consume(bom.1)
        if bom.0 != .utf8 { input.transcodeUTF16(bigEndian: bom.0 == .utf16BE) }
        _ = try CSVPreamble.consume(reader, forcedDelimiter: delimiter)
        _ = try reader.next()
        var n = 0
        while try reader.next() != nil { n += 1 }
        return n
    }

    /// The physical lines of a text file (CRLF, LF or CR; a final line break makes no line), decoded loosely.
    static func textLines(_ bytes: [UInt8]) -> [String] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var lines: [String] = [], start = body.startIndex, i = body.startIndex
        while i < body.endIndex {
            if body[i] == 10 || body[i] == 13 {
                lines.append(String(decoding: body[start..<i], as: UTF8.self))
                if body[i] == 13, i + 1 < body.endIndex, body[i + 1] == 10 { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < body.endIndex { lines.append(String(decoding: body[start...], as: UTF8.self)) }
        return lines
    }

    /// §15.2's units of a parsed document: the elements of list members of policy objects (a scalar or object
    /// value is one unit, `null` none); other members of a policy object are not walked.
    static func exchangeUnits(_ v: JSONValue) -> Int {
        let lists: Set<String> = ["allowedsenders", "bypassedsenders", "allowedsenderdomains", "bypassedsenderdomains",
                                  "blockedsenders", "blockedsenderdomains", "blockeddomains", "blockeddomainsandsubdomains",
                                  "ipallowlist", "ipblocklist", "targeteduserstoprotect", "excludeddomains", "excludedsenders"]
        switch v {
        case .array(let items): return items.reduce(0) { $0 + exchangeUnits($1) }
        case .object(let pairs):
            if pairs.contains(where: { lists.contains($0.key.lowercased()) }) {
                return pairs.filter { lists.contains($0.key.lowercased()) }.reduce(0) { n, p in
                    switch p.value {
                    case .array(let items): n + items.count
                    case .null: n
                    default: n + 1
                    }
                }
            }
            return pairs.reduce(0) { $0 + exchangeUnits($1.value) }
        default: return 0
        }
    }

    /// §15.3's units of a parsed value: an envelope's `data` elements, a top-level array's elements (an envelope
    /// element giving its `data` elements), or the value itself.
    static func mimecastUnits(_ v: JSONValue) -> Int {
        func envelopeData(_ v: JSONValue) -> Int? {
            guard case .object(let pairs) = v, pairs.contains(where: { $0.key == "meta" || $0.key == "fail" }) else { return nil }
            let arrays = pairs.compactMap { p -> Int? in
                if p.key == "data", case .array(let items) = p.value { return items.count }
                return nil
            }
            return arrays.isEmpty ? nil : arrays.reduce(0, +)
        }
        if let n = envelopeData(v) { return n }
        if case .array(let items) = v { return items.reduce(0) { $0 + (envelopeData($1) ?? 1) } }
        return 1
    }

    /// Lines past the reader's cap, which are not joined to the line before them.
    static func longLines(_ lines: [String]) -> Int {
        lines.filter { $0.utf8.count > ReadLimits.defaultMaxRecordBytes }.count
    }

    /// Physical lines of a JSON Lines file (CRLF, LF or CR), a final newline making no line.
    static func physicalLines(_ bytes: [UInt8]) -> Int {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.isEmpty { return 0 }
        var lines = 1, i = body.startIndex
        while i < body.endIndex {
            if body[i] == 13 {
                if i + 1 < body.endIndex, body[i + 1] == 10 { i += 1 }
                if i + 1 < body.endIndex { lines += 1 }
            } else if body[i] == 10, i + 1 < body.endIndex {
                lines += 1
            }
            i += 1
        }
        return lines
    }
}

extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

import ESRecords

/// Writes rejected items back in their source's own format, plus a `.reasons.jsonl` sidecar, so a user
/// can fix just those rows and run them again.
///
/// CSV keeps the BOM, any `sep=` line and the header; JSON Lines and line-based text keep each line; XML entries are written
/// inside their original list elements (for Cisco, HAT lines inside `<hat>` under their group header).
package final class RejectsWriter {
    public let path: String
    public let reasonsPath: String
    private let output: ByteOutput
    private let reasons: ByteOutput
    private let format: SourceFormat
    private let dialect: DialectName
    private let sourceFile: String
    private var json = JSONWriter()
    private var count = 0
    private var xmlOpened = false
    private var lastTextLine = 0

    /// Creates the rejects file at `path`, in the format of `reader`'s input.
    public init(path: String, reader: LegacyFileReader) throws {
        self.path = path
        reasonsPath = path + ".reasons.jsonl"
        output = try ByteOutput(path: path)
        reasons = try ByteOutput(path: reasonsPath)
        format = reader.format
        dialect = reader.dialect
        sourceFile = reader.path
        switch format {
        case .csv:
            if reader.hadBOM { try output.write([0xEF, 0xBB, 0xBF]) }
            if let preamble = reader.csvPreamble, preamble.delimiterFromSepLine {
                try output.write("sep=\(Character(Unicode.Scalar(preamble.delimiter)))\r\n")
            }
            if let header = reader.csvHeader { try output.write(header.raw + "\n") }
        case .jsonLines:
            break
        case .text:
            // Symantec's header makes the rejects file detected and read as the source was.
            if dialect == .symantecSenders {
                try output.write("dn: cn=mailwall, ou=bmi\nobjectclass: top\nobjectclass: bmiBlackWhiteList\n")
            }
        case .xml:
            try output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        }
    }

    /// Writes `item` when it was rejected; returns whether it did.
    @discardableResult
    public func add(_ item: ReadItem) throws -> Bool {
        guard item.outcome.status == .rejected else { return false }
        count += 1
        // A too-long unit was never held whole, so it cannot be written back: it is listed in the reasons
        // file only (with its line), to be fixed in the source.
        if item.outcome.reason != .tooLong {
            switch format {
            case .csv:
                try output.write(item.source + "\n")
            case .jsonLines:
                // JSON units as compact lines; the end of a broken document has no text to write back.
                if !item.source.isEmpty { try output.write(item.source + "\n") }
            case .text:
                // A SpamAssassin line may hold several rejected values: the line is written once.
                if item.outcome.line != lastTextLine { try output.write(item.source + "\n") }
                lastTextLine = item.outcome.line
            case .xml:
                try writeXML(item)
            }
        }
        json.reset()
        json.beginObject()
        json.key("file"); json.string(sourceFile)
        json.key("line"); json.int(item.outcome.line)
        json.key("reason"); json.string(item.outcome.reason?.rawValue)
        json.key("detail"); json.string(item.outcome.detail)
        json.key("input"); json.string(item.outcome.input)
        json.endObject()
        json.newline()
        try reasons.write(json.bytes)
        return true
    }

    private func writeXML(_ item: ReadItem) throws {
        guard !item.source.isEmpty else { return }   // a malformed-document marker has no entry to write back
        if !xmlOpened {
            try output.write("<\(item.context.first ?? "rejects")>\n")
            xmlOpened = true
        }
        let inner = Array(item.context.dropFirst())
        var text = ""
        for name in inner { text += "<\(name)>" }
        // Cisco sources are HAT text (`GROUP:\n    entry`); generic ones are serialized entries.
        text += dialect == .ciscoESA ? XMLRecord.escape("\n" + item.source + "\n") : item.source
        for name in inner.reversed() { text += "</\(name)>" }
        try output.write(text + "\n")
    }

    /// Closes the XML document and flushes both files; returns how many items were written.
    public func finish(root: String?) throws -> Int {
        if format == .xml {
            if !xmlOpened { try output.write("<\(root ?? "rejects")>\n") }
            try output.write("</\(root ?? "rejects")>\n")
        }
        try output.flush()
        try reasons.flush()
        return count
    }
}

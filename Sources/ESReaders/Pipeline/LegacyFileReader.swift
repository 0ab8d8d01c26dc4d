import ESRecords
public import Logging

/// Reads one legacy list file and yields every input item's outcome, in file order, in constant memory.
///
/// bytes → rows (CSV/JSONL/XML reader) → mapped entries (dialect) → records (`Normalizer`) → outcomes with
/// duplicates marked (`Deduplicator`). Row-level problems become `rejected` outcomes; only file-level
/// problems (unreadable file, unknown dialect, unsafe XML) are thrown, as ``ReaderError``.
public final class LegacyFileReader {
    public let path: String
    public let format: SourceFormat
    public let dialect: DialectName
    /// The CSV header (for rejects files), when the input is CSV.
    package private(set) var csvHeader: CSVHeader?
    package private(set) var csvPreamble: CSVPreamble?
    /// Whether the file began with a byte-order mark.
    public let hadBOM: Bool
    /// The XML document element's local name.
    public var xmlRoot: String? {
        if case .xml(let reader) = source { reader.rootName } else { nil }
    }

    private let options: ReadOptions
    private let logger: Logger
    /// The reader of the file's format: exactly one, so no state holds two or none.
    private let source: Source
    private let csvMapper: CSVRowMapper?
    private let textDialect: (any TextLineDialect)?
    private var pending: [ReadItem] = []
    private var pendingIndex = 0
    private var dedup = Deduplicator()
    private var reportedXMLFailure = false
    private var warnedLegacyEncoding = false

    /// Opens `path`, detects its format and dialect (or checks the named one) and reads its header.
    public init(path: String, options: ReadOptions = ReadOptions(), logger: Logger) throws {
        self.path = path
        self.options = options
        self.logger = logger
        let input = try ByteInput(path: path)
        let prefix = try input.peek(DialectDetector.lookAhead)
        let detected = DialectDetector.format(of: prefix)
        var format = detected
        if case .named(let name) = options.dialect, name.format != detected {
            // An explicit dialect is honoured, but a clearly different container is a usage error (CSV and
            // line-based text are both plain text: a named one of them reads either).
            let plain: Set<SourceFormat> = [.csv, .text]
            if !(plain.contains(detected) && plain.contains(name.format)) {
                throw ReaderError(.dialectMismatch, file: path,
                                  message: "dialect \(name) reads \(name.format.rawValue) but the file looks like \(detected.rawValue)")
            }
            format = name.format
        }
        self.format = format
        let (encoding, bomLength) = TextEncoding.detect(prefix)
        hadBOM = bomLength > 0
        let opened: Opened
        switch format {
        case .xml: opened = try Self.openXML(input, prefix: prefix, path: path, options: options)
        case .jsonLines:
            opened = try Self.openJSON(input, prefix: prefix, path: path, options: options, encoding: encoding,
                                       bomLength: bomLength)
        case .text:
            input.startText(encoding, bomLength: bomLength)
            opened = try Self.openText(input, prefix: prefix, path: path, options: options, hadBOM: hadBOM)
        case .csv:
            input.startText(encoding, bomLength: bomLength)
            opened = try Self.openCSV(input, path: path, options: options)
        }
        source = opened.source
        dialect = opened.dialect
        csvHeader = opened.csvHeader
        csvPreamble = opened.csvPreamble
        csvMapper = opened.csvMapper
        textDialect = opened.textDialect
        logger.debug("reading", metadata: ["file": "\(path)", "format": "\(format.rawValue)", "dialect": "\(dialect)"])
    }

    /// The reader of one format.
    private enum Source {
        case csv(CSVReader)
        case jsonLines(JSONLinesReader)
        /// A JSON document read as units (Exchange and Mimecast policy exports).
        case document(JSONDocumentReader)
        case text(TextLineReader)
        case xml(XMLEntryReader)
    }

    /// A file opened for reading: its reader, its dialect, and what interpreting its units needs.
    private struct Opened {
        var source: Source
        var dialect: DialectName
        var csvHeader: CSVHeader?
        var csvPreamble: CSVPreamble?
        var csvMapper: CSVRowMapper?
        var textDialect: (any TextLineDialect)?
    }

    private static func openXML(_ input: ByteInput, prefix: [UInt8], path: String, options: ReadOptions) throws -> Opened {
        let named: DialectName?
        if case .named(let n) = options.dialect { named = n } else { named = nil }
        let capture = named == .ciscoESA || (named == nil && DialectDetector.xmlDialect(root: Self.rootName(prefix)) == .ciscoESA)
            ? CiscoESADialect.captureElements : GenericXMLDialect.entryElements
        let reader = try XMLEntryReader(input: input, path: path, capture: capture, maxTextBytes: options.maxRecordBytes)
        return Opened(source: .xml(reader),
                      dialect: named ?? (capture == CiscoESADialect.captureElements ? .ciscoESA : .genericXML))
    }

    private static func openJSON(_ input: ByteInput, prefix: [UInt8], path: String, options: ReadOptions,
                                 encoding: TextEncoding, bomLength: Int) throws -> Opened {
        let name: DialectName
        if case .named(let n) = options.dialect { name = n } else { name = DialectDetector.jsonDialect(of: prefix) }
        guard name == .m365EOP || name == .mimecastPolicy else {
            input.startText(encoding, bomLength: bomLength)
            return Opened(source: .jsonLines(JSONLinesReader(input: input, maxLineBytes: options.maxRecordBytes)),
                          dialect: name)
        }
        let identity = try FileSystem.rereadable(path, dialect: name, why: "a policy's flags may follow its lists")
        let document = try JSONDocumentReader.open(path: path, layout: name == .m365EOP ? .exchangePolicies : .mimecastResponses,
                                                   maxUnitBytes: options.maxRecordBytes)
        try FileSystem.unchanged(path, since: identity)
        return Opened(source: .document(document), dialect: name)
    }

    private static func openText(_ input: ByteInput, prefix: [UInt8], path: String, options: ReadOptions,
                                 hadBOM: Bool) throws -> Opened {
        let name: DialectName
        if case .named(let n) = options.dialect {
            name = n
        } else if let detected = DialectDetector.textDialect(of: prefix) {
            name = detected
        } else {
            // The format was told from the same lines, so this is not expected; refuse rather than guess.
            throw ReaderError(.undetectedDialect, file: path, message: "cannot tell the dialect of this text file")
        }
        let reader = TextLineReader(input: input, maxLineBytes: options.maxRecordBytes,
                                    joiningContinuations: name == .postfixAccess, decodedByBOM: hadBOM)
        return Opened(source: .text(reader), dialect: name,
                      textDialect: try Self.textDialect(name, path: path, options: options))
    }

    private static func openCSV(_ input: ByteInput, path: String, options: ReadOptions) throws -> Opened {
        let reader = CSVReader(input: input, maxRecordBytes: options.maxRecordBytes)
        let preamble = try CSVPreamble.consume(reader, forcedDelimiter: options.delimiter)
        guard let headerRecord = try reader.next() else {
            throw ReaderError(.noHeader, file: path, message: "the file has no header row")
        }
        guard !headerRecord.isTooLong else {
            throw ReaderError(.noHeader, file: path, line: headerRecord.line,
                              message: "the first row is longer than \(options.maxRecordBytes) bytes or has more than "
                                  + "\(CSVReader.maxFields) columns: not a CSV header")
        }
        let header = CSVHeader(record: headerRecord)
        let name = try Self.csvDialectName(options: options, header: header, path: path)
        let rowDialect = try Self.csvRowDialect(name, header: header, path: path, mapping: options.mapping)
        let mapper = CSVRowMapper(dialect: rowDialect, header: header, delimiter: Character(Unicode.Scalar(preamble.delimiter)),
                                  maxRecordBytes: options.maxRecordBytes)
        return Opened(source: .csv(reader), dialect: name, csvHeader: header, csvPreamble: preamble, csvMapper: mapper)
    }

    /// The line-based dialect `name`, with what it needs from a first pass (SpamAssassin's removals).
    static func textDialect(_ name: DialectName, path: String, options: ReadOptions) throws -> any TextLineDialect {
        switch name {
        case .symantecSenders: return SymantecSendersDialect()
        case .postfixAccess: return PostfixAccessDialect()
        case .spamAssassin:
            let identity = try FileSystem.rereadable(path, dialect: name, why: "its un… directives remove earlier entries")
            let (input, hadBOM) = try ByteInput.openText(path: path)
            let lines = TextLineReader(input: input, maxLineBytes: options.maxRecordBytes, joiningContinuations: false,
                                       decodedByBOM: hadBOM)
            let removals = try SpamAssassinDialect.Removals.collect(from: lines, path: path)
            try FileSystem.unchanged(path, since: identity)
            return SpamAssassinDialect(removals: removals)
        default:
            throw ReaderError(.dialectMismatch, file: path, message: "dialect \(name) does not read line-based text")
        }
    }

    /// The local name of the first element in `prefix`, skipping the prolog, comments and DOCTYPE.
    static func rootName(_ prefix: [UInt8]) -> String? {
        var i = 0
        while i < prefix.count {
            guard prefix[i] == UInt8(ascii: "<") else { i += 1; continue }
            let next = i + 1 < prefix.count ? prefix[i + 1] : 0
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") { i += 2; continue }
            var j = i + 1
            while j < prefix.count, !(prefix[j] == 32 || prefix[j] == 62 || prefix[j] == 47 || prefix[j] == 10
                || prefix[j] == 13 || prefix[j] == 9) { j += 1 }
            let name = String(decoding: prefix[(i + 1)..<j], as: UTF8.self)
            return name.split(separator: ":").last.map(String.init)
        }
        return nil
    }

    /// Interprets the units this reader splits off; safe to use from other tasks.
    package var interpreter: UnitInterpreter {
        UnitInterpreter(dialect: dialect, csvMapper: csvMapper, textDialect: textDialect,
                        defaultVerifySender: options.defaultVerifySender)
    }

    /// The next item, or `nil` when the file is done (read, interpret and de-duplicate, one item at a time).
    public func next() throws -> ReadItem? {
        while pendingIndex >= pending.count {
            if !pending.isEmpty { pending = [] }
            pendingIndex = 0
            guard let unit = try nextUnit() else { return nil }
            var items = interpreter.interpret(unit)
            // Nearly every unit is one item: hand it on without parking it in `pending`.
            if items.count == 1 { return finish(items.removeLast()) }
            pending = items
        }
        defer { pendingIndex += 1 }
        return finish(pending[pendingIndex])
    }

    /// Up to `limit` units split off the file, in order; empty at the end.
    package func nextUnits(limit: Int) throws -> [SourceUnit] {
        var units: [SourceUnit] = []
        units.reserveCapacity(limit)
        while units.count < limit, let unit = try nextUnit() { units.append(unit) }
        return units
    }

    /// The sequential last step for each interpreted item, in file order: de-duplication (R34).
    public func finish(_ item: ReadItem) -> ReadItem {
        var item = item
        if options.deduplicate { item.outcome = dedup.process(item.outcome) }
        if item.outcome.warnings.contains(.legacyEncoding), !warnedLegacyEncoding {
            warnedLegacyEncoding = true
            logger.warning("not valid UTF-8; decoded as Windows-1252",
                           metadata: ["file": "\(path)", "line": "\(item.outcome.line)"])
        }
        return item
    }

    private func nextUnit() throws -> SourceUnit? {
        switch source {
        case .csv(let csv):
            guard let record = try csv.next() else { return nil }
            return SourceUnit(payload: .csv(record))
        case .jsonLines(let jsonl):
            guard let raw = try jsonl.nextRaw() else { return nil }
            if raw.isTooLong {
                return SourceUnit(payload: .outcome(.rejected(
                    .tooLong, line: raw.line, input: ReadLimits.excerpt(raw.bytes),
                    detail: "the line is longer than the cap of \(options.maxRecordBytes) bytes; reading resumed at the next line")))
            }
            return SourceUnit(payload: .json(line: raw.line, bytes: raw.bytes))
        case .document(let document):
            switch try document.next() {
            case .unit(let unit)?: return SourceUnit(payload: .jsonUnit(unit))
            case .broken(let e)?:
                return SourceUnit(payload: .outcome(.rejected(.invalidJSON, line: e.valueLine, input: "",
                                                              detail: "\(e); reading stopped there")))
            case nil: return nil
            }
        case .text(let text):
            guard let line = try text.next() else { return nil }
            return SourceUnit(payload: .text(line))
        case .xml(let xml):
            guard let record = try xml.next() else {
                if let failure = xml.failure, !reportedXMLFailure {
                    reportedXMLFailure = true
                    return SourceUnit(payload: .outcome(.rejected(.malformedXML, line: failure.line, input: "",
                                                                  detail: failure.message)))
                }
                return nil
            }
            if record.isTooLong {
                return SourceUnit(payload: .outcome(.rejected(
                    .tooLong, line: record.line, input: "<\(record.name)>…",
                    detail: "the entry's text is longer than the cap of \(options.maxRecordBytes) bytes; reading resumed after it")))
            }
            return SourceUnit(payload: .xml(record))
        }
    }
}

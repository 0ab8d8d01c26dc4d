/// A streaming RFC 4180 CSV reader with the leniency legacy exports need (R2–R5).
///
/// Byte-level state machine over a ``ByteInput``: CRLF, LF and CR line ends; `""` inside quotes; blanks
/// before an opening quote ignored; text after a closing quote appended; quoted fields spanning lines,
/// with each record's physical start line tracked. An unterminated quote at end of file makes only the
/// record's first physical line a `malformed_csv` row and reading resumes on the next line, so one stray
/// quote cannot swallow a file. A record is never held past `maxRecordBytes` (1 MiB by default) or
/// ``maxFields`` fields: a longer
/// one is returned as a ``CSVRecord/isTooLong`` record (its first bytes only) and reading resumes at the next
/// line (an unquoted record), or on the record's second physical line (inside a quoted field, where the end
/// of the record cannot be told from a stray quote). Skipping runs in constant memory, so a 2 GB file
/// without a line break costs one buffer.
package final class CSVReader {
    public let input: ByteInput
    /// The field separator (`,`, `;` or TAB).
    public var delimiter: UInt8
    public let maxRecordBytes: Int
    /// The most fields a record may have. Each field costs far more than its bytes (an offset, then a string
    /// and a cell downstream), so a 1 MiB row of delimiters would otherwise cost ~80 MB: a record with more
    /// fields is `too_long` like one with more bytes. Legacy lists have a dozen columns.
    public static let maxFields = 4096
    /// The physical line the next record starts on.
    public private(set) var nextLine = 1

    private var fieldBytes: [UInt8] = []
    private var fieldEnds: [Int] = []

    /// A reader of RFC 4180 records from `input`, holding at most `maxRecordBytes` of one record.
    public init(input: ByteInput, delimiter: UInt8 = UInt8(ascii: ","), maxRecordBytes: Int = ReadLimits.defaultMaxRecordBytes) {
        self.input = input
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        fieldBytes.reserveCapacity(1024)
    }

    // MARK: - Physical lines (preamble handling)

    /// The bytes of the next physical line, without consuming it or its terminator.
    public func peekLine() throws -> [UInt8]? {
        var i = 0
        while true {
            let buf = input.available
            while i < buf.count {
                if buf[i] == 10 || buf[i] == 13 { return Array(buf[0..<i]) }
                i += 1
            }
            if i > maxRecordBytes { return Array(buf.prefix(maxRecordBytes)) }
            if !(try input.fill()) {
                let rest = input.available
                return rest.isEmpty ? nil : Array(rest)
            }
        }
    }

    /// Consumes the next physical line and its terminator, in constant memory whatever its length.
    public func skipLine() throws {
        var i = 0
        while true {
            let buf = input.available
            while i < buf.count {
                if buf[i] == 10 { input.consume(i + 1); nextLine += 1; return }
                if buf[i] == 13 {
                    if i + 1 < buf.count {
                        input.consume(buf[i + 1] == 10 ? i + 2 : i + 1)
                        nextLine += 1
                        return
                    }
                    if try input.fill() { continue }
                    input.consume(i + 1)
                    nextLine += 1
                    return
                }
                i += 1
            }
            // Nothing of this line is kept: drop what was scanned before reading on.
            input.consume(i)
            i = 0
            if !(try input.fill()) {
                input.consume(input.available.count)
                nextLine += 1
                return
            }
        }
    }

    // MARK: - Records

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// Reads the next record, or `nil` at end of input.
    ///
    /// One function on purpose (the one over 60 lines that scripts/structure-report.py allows): it is the byte
    /// loop every CSV row goes through, and its state machine keeps the buffer, the field bounds and the state in
    /// locals; split into calls, those become stored properties read and written per byte.
    public func next() throws -> CSVRecord? {
        if input.available.isEmpty, !(try input.fill()) { return nil }
        // The hot loop works on locals: stored properties of a class cost a dynamic exclusivity check
        // on every access, which at one append per byte dominated the reader's profile.
        var fieldBytes: [UInt8] = []
        var fieldEnds: [Int] = []
        swap(&fieldBytes, &self.fieldBytes)
        swap(&fieldEnds, &self.fieldEnds)
        defer {
            swap(&fieldBytes, &self.fieldBytes)
            swap(&fieldEnds, &self.fieldEnds)
        }
        fieldBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var state = State.fieldStart
        var i = 0                       // offset from input.position
        var embeddedLines = 0
        var pendingBlanks = 0           // blanks seen at field start, kept if the field is unquoted
        let delim = delimiter
        var terminatorLength = 0

        scan: while true {
            let buf = input.available
            while i < buf.count {
                let b = buf[i]
                switch state {
                case .fieldStart:
                    if b == delim {
                        fieldEnds.append(fieldBytes.count)
                        pendingBlanks = 0
                    } else if b == 10 || b == 13 {
                        break scan
                    } else if b == 32 || b == 9 {
                        pendingBlanks += 1
                    } else if b == 34 {
                        pendingBlanks = 0
                        state = .quoted
                    } else {
                        if pendingBlanks > 0 {
                            fieldBytes.append(contentsOf: buf[(i - pendingBlanks)..<i])
                            pendingBlanks = 0
                        }
                        fieldBytes.append(b)
                        state = .unquoted
                    }
                case .unquoted:
                    if b == delim {
                        fieldEnds.append(fieldBytes.count)
                        state = .fieldStart
                    } else if b == 10 || b == 13 {
                        break scan
                    } else {
                        // Copy the whole run up to the next delimiter or line end at once.
                        var j = i + 1
                        while j < buf.count {
                            let c = buf[j]
                            if c == delim || c == 10 || c == 13 { break }
                            j += 1
                        }
                        fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<j]))
                        i = j
                        continue
                    }
                case .quoted:
                    if b == 34 {
                        state = .quoteInQuoted
                    } else if b == 10 || b == 13 {
                        if b == 13 || !(i > 0 && buf[i - 1] == 13) { embeddedLines += 1 }
                        fieldBytes.append(b)
                    } else {
                        var j = i + 1
                        while j < buf.count {
                            let c = buf[j]
                            if c == 34 || c == 10 || c == 13 { break }
                            j += 1
                        }
                        fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<j]))
                        i = j
                        continue
                    }
                case .quoteInQuoted:
                    if b == 34 {
                        fieldBytes.append(34)
                        state = .quoted
                    } else if b == delim {
                        fieldEnds.append(fieldBytes.count)
                        state = .fieldStart
                    } else if b == 10 || b == 13 {
                        break scan
                    } else {
                        // Text after a closing quote is appended (R5).
                        fieldBytes.append(b)
                        state = .unquoted
                    }
                }
                i += 1
            }
            if i > maxRecordBytes || fieldEnds.count >= Self.maxFields {
                // Inside a quoted field the record's end is unknown: set its first line aside. Otherwise the
                // record is this one physical line: skip to its end.
                if state == .quoted { return try tooLongFirstLine() }
                return try tooLongLine(scanned: i, embeddedLines: embeddedLines)
            }
            if !(try input.fill()) {
                if state == .quoted { return try malformedFirstLine() }
                break scan
            }
        }
        // `i` is at the terminator or at end of input.
        if fieldEnds.count >= Self.maxFields { return try tooLongLine(scanned: i, embeddedLines: embeddedLines) }
        let buf = input.available
        if i < buf.count {
            if buf[i] == 13 {
                if i + 1 >= buf.count { _ = try input.fill() }
                let again = input.available
                terminatorLength = (i + 1 < again.count && again[i + 1] == 10) ? 2 : 1
            } else {
                terminatorLength = 1
            }
        }
        fieldEnds.append(fieldBytes.count)
        let record = makeRecord(rawCount: i, embeddedLines: embeddedLines, cellBytes: fieldBytes, cellEnds: fieldEnds)
        input.consume(i + terminatorLength)
        nextLine += 1 + embeddedLines
        return record
    }

    private func makeRecord(rawCount: Int, embeddedLines: Int, cellBytes: [UInt8], cellEnds: [Int]) -> CSVRecord {
        let rawBytes = UnsafeBufferPointer(rebasing: input.available[0..<rawCount])
        let raw: String
        var legacy = false
        if let s = String(validating: rawBytes, as: UTF8.self) {
            raw = s
        } else {
            raw = TextEncoding.windows1252(rawBytes)
            legacy = true
        }
        return CSVRecord(line: nextLine, lineCount: 1 + embeddedLines, cellBytes: cellBytes, cellEnds: cellEnds,
                         raw: raw, usedLegacyEncoding: legacy)
    }

    /// Reports the current record as too long and resumes after the physical line the scan is on (the
    /// record's last), in constant memory.
    private func tooLongLine(scanned: Int, embeddedLines: Int) throws -> CSVRecord {
        let record = tooLongRecord(ReadLimits.excerpt(input.available))
        input.consume(scanned)
        nextLine += embeddedLines
        try skipLine()
        return record
    }

    /// Reports a record whose quoted field ran past the cap: its first physical line is set aside.
    private func tooLongFirstLine() throws -> CSVRecord {
        let firstLineEnd = input.available.firstIndex(where: { $0 == 10 || $0 == 13 }) ?? input.available.count
        let record = tooLongRecord(ReadLimits.excerpt(input.available[0..<firstLineEnd]))
        try skipLine()
        return record
    }

    private func tooLongRecord(_ excerpt: String) -> CSVRecord {
        var record = CSVRecord(line: nextLine, fields: [], raw: excerpt)
        record.isTooLong = true
        return record
    }

    /// Reports the current record's first physical line as malformed and resumes after it.
    private func malformedFirstLine() throws -> CSVRecord {
        let lineBytes = try peekLine() ?? []
        let decoded = lineBytes.withUnsafeBufferPointer { TextEncoding.decode($0) }
        let record = CSVRecord(line: nextLine, fields: [decoded.text], raw: decoded.text, isMalformed: true,
                               usedLegacyEncoding: decoded.legacy)
        try skipLine()
        return record
    }
}

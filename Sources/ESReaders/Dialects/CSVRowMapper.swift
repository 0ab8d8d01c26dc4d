import ESRecords

/// The row layer every CSV dialect shares (R5–R9): malformed, blank and comment rows, column-count repair,
/// trimming and the legacy-encoding warning, before the dialect maps the cells.
struct CSVRowMapper: Sendable {
    let dialect: any CSVRowDialect
    let header: CSVHeader
    let delimiter: Character
    /// The reader's cap, for the `too_long` detail.
    let maxRecordBytes: Int

    func map(_ record: CSVRecord) -> MappedItem {
        let line = record.line
        let input = record.raw
        if record.isTooLong {
            return .outcome(.rejected(.tooLong, line: line, input: input,
                                      detail: "the record is longer than the cap of \(maxRecordBytes) bytes or has more than "
                                          + "\(CSVReader.maxFields) fields; reading resumed at the next line"))
        }
        if record.isMalformed {
            return .outcome(.rejected(.malformedCSV, line: line, input: input,
                                      detail: "unterminated quoted field; only this line was set aside"))
        }
        if record.isBlank { return .outcome(.skipped(.blankLine, line: line, input: input)) }
        var cells = record.trimmedFields
        if cells[0].utf8.first == UInt8(ascii: "#") {
            return .outcome(.skipped(.commentLine, line: line, input: input))
        }
        let width = header.keys.count
        if cells.count > width {
            guard let last = dialect.surplusColumn, last == width - 1 else {
                return .outcome(.rejected(.tooManyColumns, line: line, input: input,
                                          detail: "\(cells.count) cells for \(width) columns"))
            }
            // Surplus cells are joined back as written (untrimmed), then the result is trimmed (R7).
            let raw = record.fields
            let joined = raw[last...].joined(separator: String(delimiter))
            cells = Array(cells[..<last]) + [TextCleaning.trim(joined)]
        }
        while cells.count < width { cells.append("") }
        var item = dialect.map(cells, line: line, input: input)
        if record.usedLegacyEncoding { item.addWarning(.legacyEncoding) }
        return item
    }
}

extension MappedItem {
    mutating func addWarning(_ warning: WarningCode) {
        switch self {
        case .outcome(var o):
            o.warnings.append(warning)
            self = .outcome(o)
        case .entry(let line, let input, var e):
            e.warnings.append(warning)
            self = .entry(line: line, input: input, entry: e)
        }
    }
}

import ESRecords

/// What comes before a CSV's header row: Excel's `sep=` line, PowerShell's `#TYPE` line, blank lines (R3),
/// and the delimiter sniffed from the header line (R4).
package struct CSVPreamble: Sendable, Hashable {
    /// The delimiter to read the file with.
    public var delimiter: UInt8
    /// Whether a `sep=` line set it (rather than sniffing).
    public var delimiterFromSepLine: Bool
    /// Whether a PowerShell `#TYPE` line was skipped.
    public var hadTypeLine: Bool

    /// Consumes the preamble lines of `reader` (none of them are reported rows) and sets its delimiter.
    public static func consume(_ reader: CSVReader, forcedDelimiter: UInt8? = nil) throws -> CSVPreamble {
        var delimiter = forcedDelimiter
        var fromSep = false
        var hadType = false
        while let line = try reader.peekLine() {
            let text = String(decoding: line, as: UTF8.self)
            let trimmed = TextCleaning.trim(text)
            if trimmed.isEmpty {
                try reader.skipLine()
                continue
            }
            let lower = trimmed.lowercased()
            if lower.hasPrefix("sep="), trimmed.count <= 6 {
                let rest = trimmed.dropFirst(4)
                if let c = rest.first?.asciiValue { delimiter = c; fromSep = true }
                else if rest.isEmpty { delimiter = UInt8(ascii: ","); fromSep = true }
                try reader.skipLine()
                continue
            }
            if lower.hasPrefix("#type ") || lower == "#type" {
                hadType = true
                try reader.skipLine()
                continue
            }
            if delimiter == nil { delimiter = sniffDelimiter(line) }
            break
        }
        let chosen = delimiter ?? UInt8(ascii: ",")
        reader.delimiter = chosen
        return CSVPreamble(delimiter: chosen, delimiterFromSepLine: fromSep, hadTypeLine: hadType)
    }

    /// R4: count `,` `;` and TAB outside quotes; the most frequent wins, a tie goes to comma.
    public static func sniffDelimiter(_ line: [UInt8]) -> UInt8 {
        var (comma, semicolon, tab) = (0, 0, 0)
        var inQuotes = false
        for b in line {
            if b == 34 { inQuotes.toggle(); continue }
            guard !inQuotes else { continue }
            switch b {
            case 44: comma += 1
            case 59: semicolon += 1
            case 9: tab += 1
            default: break
            }
        }
        if semicolon > comma && semicolon >= tab { return 59 }
        if tab > comma && tab > semicolon { return 9 }
        return 44
    }
}

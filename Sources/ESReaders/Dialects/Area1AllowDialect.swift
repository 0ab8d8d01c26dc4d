import ESRecords

/// Area 1 allowed patterns (`Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable
/// Sender`) and the Cloudflare dashboard upload CSV, which adds `Pattern Type` and moves `Notes` last.
package struct Area1AllowDialect: CSVRowDialect {
    let pattern: Int
    let patternType: Int?
    let notes: Int?
    let verify: Int?
    let trusted: Int?
    let exempt: Int?
    let acceptable: Int?
    public let surplusColumn: Int?

    public init(header: CSVHeader, file: String) throws {
        let dialect: DialectName = header.has("patterntype") ? .dashboardAllow : .area1Allow
        pattern = try Self.require(header.index(["pattern", "allowedpattern", "sender"]), "Pattern", header: header,
                                   file: file, dialect: dialect)
        patternType = header.index(["patterntype", "type"])
        notes = header.index(["notes", "note", "comments", "comment", "description"])
        verify = header.index(["verifyemail", "verifysender", "verify"])
        trusted = header.index(["trustedsender", "trusted"])
        exempt = header.index(["exemptrecipient", "exempt"])
        acceptable = header.index(["acceptablesender", "acceptable"])
        guard trusted != nil || exempt != nil || acceptable != nil else {
            throw ReaderError(.missingColumn, file: file, line: header.line,
                              message: "dialect \(dialect) needs Trusted Sender, Exempt Recipient or Acceptable Sender columns")
        }
        let lastIsNotes = notes == header.keys.count - 1
        surplusColumn = lastIsNotes ? notes : nil
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        var flags = RawEntry.AllowFlags()
        var hint: PatternHint?
        var isRegex: Bool?
        do throws(ReasonCode) {
            flags.verifySender = try flag(cells, verify).get()
            // Explicit columns: an empty cell is the column default, false (R10).
            flags.isTrustedSender = try flag(cells, trusted).get() ?? (trusted != nil ? false : nil)
            flags.isExemptRecipient = try flag(cells, exempt).get() ?? (exempt != nil ? false : nil)
            flags.isAcceptableSender = try flag(cells, acceptable).get() ?? (acceptable != nil ? false : nil)
        } catch {
            return .outcome(.rejected(error, line: line, input: input, collection: .allowPolicies))
        }
        let typeText = cell(cells, patternType)
        if !typeText.isEmpty {
            if typeText.lowercased() == "regex" {
                isRegex = true
            } else if let t = PatternType(lenient: typeText) {
                hint = PatternHint(t)
            }
        }
        let entry = RawEntry(target: .allow(flags), value: cells[pattern], typeHint: hint, isRegexHint: isRegex,
                             comment: cell(cells, notes), rules: .init(regexAllowed: true))
        return .entry(line: line, input: input, entry: entry)
    }
}

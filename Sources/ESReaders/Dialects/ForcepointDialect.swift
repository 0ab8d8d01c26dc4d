import ESRecords

/// Forcepoint Email Security Cloud allowlist or blocklist CSV (`Address, Description`, optionally `Apply To`
/// first), §15.7. The file does not say which list it holds, so the dialect name does (never auto-detected).
package struct ForcepointDialect: CSVRowDialect {
    let address: Int
    let description: Int?
    let applyTo: Int?
    let isAllowList: Bool
    public let surplusColumn: Int?

    /// The allowlist reading (`forcepoint-allow`).
    public init(header: CSVHeader, file: String) throws {
        try self.init(header: header, file: file, allow: true)
    }

    /// The allowlist (`allow`) or blocklist reading.
    public init(header: CSVHeader, file: String, allow: Bool) throws {
        let name: DialectName = allow ? .forcepointAllow : .forcepointBlock
        address = try Self.require(header.index(["address"]), "Address", header: header, file: file, dialect: name)
        description = header.index(["description"])
        applyTo = header.index(["applyto"])
        isAllowList = allow
        // Description is free text: surplus cells are joined back into it (R7).
        surplusColumn = description == header.keys.count - 1 ? description : nil
    }

    /// Whether a header is Forcepoint's (`Address, Description`, optionally `Apply To` first), which
    /// detection does not claim (the list is not in the file) but names in its error.
    public static func isForcepointHeader(_ header: CSVHeader) -> Bool {
        header.keys == ["address", "description"] || header.keys == ["applyto", "address", "description"]
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        if let applyTo, !cells[applyTo].isEmpty {
            return .outcome(.skipped(.perRecipientScope, line: line, input: input))
        }
        let value = Self.unquoteTypographic(cells[address])
        let comment = Self.unquoteTypographic(cell(cells, description))
        let target: RawEntry.Target = isAllowList ? .allow(.legacyAllow) : .block
        return .entry(line: line, input: input,
                      entry: RawEntry(target: target, value: value, comment: comment, rules: .init(regexAllowed: false)))
    }

    /// §15.7's decision: a cell wrapped in typographic quotes (copied from the vendor's documentation) loses
    /// them, then is trimmed again: double (“…”) or single (‘…’), as word processors turn either.
    static func unquoteTypographic(_ cell: String) -> String {
        let quotes: Set<Character> = ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}"]
        guard cell.count >= 2, let first = cell.first, let last = cell.last, quotes.contains(first),
              quotes.contains(last) else { return cell }
        return TextCleaning.trim(String(cell.dropFirst().dropLast()))
    }
}

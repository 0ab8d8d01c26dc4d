import ESRecords

/// Microsoft 365 Tenant Allow/Block List, as `Get-TenantAllowBlockListItems | Export-Csv` writes it.
///
/// `Value` is the entry, `Action` Allow/Block, `ListType` (added by migration scripts) Sender/IP/Url/FileHash;
/// Url and FileHash lists are skipped (`unsupported_list_type`). Expiry (`ExpirationDate`, `RemoveAfter`) is
/// dropped with a warning. TABL has no regex syntax.
package struct M365TABLDialect: CSVRowDialect {
    let value: Int
    let action: Int?
    let listType: Int?
    let notes: Int?
    let expiration: Int?
    let removeAfter: Int?
    public let surplusColumn: Int?

    public init(header: CSVHeader, file: String) throws {
        value = try Self.require(header.index(["value", "entry", "entries"]), "Value", header: header, file: file,
                                 dialect: .m365TABL)
        action = header.index(["action"])
        listType = header.index(["listtype", "entrytype", "type"])
        notes = header.index(["notes", "note", "comments"])
        expiration = header.index(["expirationdate", "expirationdatetime", "expires"])
        removeAfter = header.index(["removeafter"])
        surplusColumn = notes == header.keys.count - 1 ? notes : nil
        if action == nil {
            throw ReaderError(.missingColumn, file: file, line: header.line,
                              message: "dialect m365-tabl needs an Action column (Allow/Block); the header has: "
                                  + header.names.joined(separator: " | "))
        }
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        var hint: PatternHint?
        let type = CSVHeader.key(cell(cells, listType))
        switch type {
        case "": hint = nil
        case "sender", "senders", "domain", "email": hint = .sender
        case "ip", "ips", "ipaddress": hint = .ip
        case "url", "urls", "filehash", "filehashes", "hash", "spoof", "recipient":
            return .outcome(.skipped(.unsupportedListType, line: line, input: input,
                                     detail: "ListType \(cell(cells, listType))"))
        default:
            return .outcome(.skipped(.unsupportedListType, line: line, input: input,
                                     detail: "ListType \(cell(cells, listType))"))
        }
        let target: RawEntry.Target
        switch ActionResolution(cell(cells, action)) {
        case .allow: target = .allow(.legacyAllow)
        case .block: target = .block
        case .stop(let reason, let status):
            return .outcome(RowOutcome(line: line, status: status, reason: reason, input: input))
        }
        var warnings: [WarningCode] = []
        let expiry = cell(cells, expiration), remove = cell(cells, removeAfter)
        if !expiry.isEmpty || !remove.isEmpty { warnings.append(.expiryDropped) }
        return .entry(line: line, input: input,
                      entry: RawEntry(target: target, value: cells[value], typeHint: hint, comment: cell(cells, notes),
                                      rules: .init(regexAllowed: false), warnings: warnings))
    }
}

import ESRecords

/// Spreadsheet-style sender lists with one entry column and one list/action column: Proofpoint Essentials
/// (safe/blocked sender lists pasted into a sheet) and Barracuda sender and IP policies.
///
/// Columns are found by their usual names (`Sender`, `Entry`, `Email Address`, `IP Address` + `Netmask`;
/// `List`, `Type`, `Action`, `Policy …`; `Notes`, `Comment`, `Description`). A scope column naming a user or
/// group marks the entry `per_recipient_scope` (Cloudflare lists are account-wide).
package struct SenderListDialect: CSVRowDialect {
    /// Whose sender-list export this is; the vendors differ in their action names.
    package enum Vendor: Sendable { case proofpoint, barracuda }

    let vendor: Vendor
    let pattern: Int
    let netmask: Int?
    let action: Int
    let comment: Int?
    let scope: Int?
    public let surplusColumn: Int?

    static let patternColumns = [
        "sender", "senders", "entry", "entries", "emailaddress", "senderaddress", "senderemail", "email", "address",
        "value", "pattern", "emailordomain", "emailaddressordomain", "senderemailaddressordomain", "domain",
        "senderdomain", "ipaddress", "ip", "item",
    ]
    /// Tried in this order, so an explicit action or list column wins over a generic `Type` column.
    static let actionColumns = [
        "action", "list", "listtype", "listname", "senderlist", "policy", "disposition", "category", "sendertype",
        "type", "aktion", "liste", "listenart",
    ]
    static let commentColumns = ["notes", "note", "comment", "comments", "description", "reason"]
    static let scopeColumns = ["scope", "level", "appliesto", "recipient", "user", "owner", "to"]

    public init(header: CSVHeader, file: String) throws {
        try self.init(header: header, file: file, vendor: .proofpoint)
    }

    public init(header: CSVHeader, file: String, vendor: Vendor) throws {
        self.vendor = vendor
        let dialect: DialectName = vendor == .barracuda ? .barracuda : .proofpointEssentials
        pattern = try Self.require(header.index(Self.patternColumns), "sender/entry", header: header, file: file,
                                   dialect: dialect)
        netmask = header.index(["netmask", "mask", "subnetmask"])
        action = try Self.require(header.index(Self.actionColumns) ?? header.index(prefix: "policy"),
                                  "list/action/policy", header: header, file: file, dialect: dialect)
        comment = header.index(Self.commentColumns)
        scope = header.index(Self.scopeColumns)
        surplusColumn = comment == header.keys.count - 1 ? comment : nil
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        let scopeText = cell(cells, scope)
        if !scopeText.isEmpty, isRecipientScoped(scopeText) {
            return .outcome(.skipped(.perRecipientScope, line: line, input: input, detail: "scope \(scopeText)"))
        }
        let target: RawEntry.Target
        switch ActionResolution(cells[action]) {
        case .allow: target = .allow(.legacyAllow)
        case .block: target = .block
        case .stop(let reason, let status):
            return .outcome(RowOutcome(line: line, status: status, reason: reason, input: input,
                                       detail: cells[action].isEmpty ? "empty action" : "action \(cells[action])"))
        }
        var value = cells[pattern]
        let mask = cell(cells, netmask)
        if !mask.isEmpty, !value.isEmpty, !value.contains("/") { value += "/" + mask }
        var warnings: [WarningCode] = []
        if vendor == .proofpoint, value.hasPrefix("*."), !value.contains("@") { warnings.append(.subdomainWildcard) }
        let rules = RawEntry.Rules(regexAllowed: false, localPartOnly: vendor == .barracuda)
        return .entry(line: line, input: input,
                      entry: RawEntry(target: target, value: value, comment: cell(cells, comment), rules: rules,
                                      warnings: warnings))
    }

    /// Only a scope that names a user, a group or a recipient address is per-recipient; anything else
    /// (organisation, company, global, empty…) is account-wide and imported.
    private func isRecipientScoped(_ text: String) -> Bool {
        if text.utf8.contains(UInt8(ascii: "@")) { return true }
        let key = CSVHeader.key(text)
        return ["user", "users", "group", "groups", "recipient", "recipients", "mailbox", "benutzer", "gruppe"]
            .contains { key.hasPrefix($0) }
    }
}

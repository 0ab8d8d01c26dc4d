import ESRecords

/// Barracuda Email Gateway Defense sender policies (`Email Address,Policy (block, exempt, quarantine),Comment`)
/// and IP address policies (`IP Address, Netmask, Policy, Comment`).
package struct BarracudaDialect: CSVRowDialect {
    let base: SenderListDialect
    public var surplusColumn: Int? { base.surplusColumn }

    public init(header: CSVHeader, file: String) throws {
        base = try SenderListDialect(header: header, file: file, vendor: .barracuda)
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        var item = base.map(cells, line: line, input: input)
        if case .entry(_, _, let e) = item, !e.value.contains("@"), e.value.contains("."),
           !IPPattern.looksLikeIP(e.value) {
            item.addWarning(.domainImpliesSubdomains)
        }
        return item
    }
}

import ESRecords

/// Area 1 blocked senders (`Blocked_Sender, Notes`): email, domain, IP or Java regex.
package struct Area1BlockDialect: CSVRowDialect {
    let pattern: Int
    let notes: Int?
    public let surplusColumn: Int?

    public init(header: CSVHeader, file: String) throws {
        pattern = try Self.require(header.index(["blockedsender", "blockedsenders", "pattern", "sender"]),
                                   "Blocked_Sender", header: header, file: file, dialect: .area1Block)
        notes = header.index(["notes", "note", "comments", "comment", "description"])
        surplusColumn = notes == header.keys.count - 1 ? notes : nil
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        .entry(line: line, input: input,
               entry: RawEntry(target: .block, value: cells[pattern], comment: cell(cells, notes),
                               rules: .init(regexAllowed: true)))
    }
}

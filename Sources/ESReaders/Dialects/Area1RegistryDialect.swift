import ESRecords

/// Area 1 BEC display names (`Display_Name, Email`) → impersonation registry; the email cell may list
/// several addresses, and surplus cells of an unquoted list are joined back into it.
package struct Area1RegistryDialect: CSVRowDialect {
    let name: Int
    let email: Int
    let comments: Int?
    public let surplusColumn: Int?

    public init(header: CSVHeader, file: String) throws {
        name = try Self.require(header.index(["displayname", "name"]), "Display_Name", header: header, file: file,
                                dialect: .area1Registry)
        email = try Self.require(header.index(["email", "emails", "emailaddress", "emailaddresses"]), "Email",
                                 header: header, file: file, dialect: .area1Registry)
        comments = header.index(["notes", "comments", "comment"])
        surplusColumn = header.keys.count - 1 == email || header.keys.count - 1 == comments
            ? header.keys.count - 1 : nil
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        .entry(line: line, input: input,
               entry: RawEntry(target: .registry(name: cells[name]), value: cells[email],
                               comment: cell(cells, comments), rules: .init(regexAllowed: true)))
    }
}

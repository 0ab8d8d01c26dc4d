import ESRecords

/// Area 1 trusted domains (`Domain, Notes, Proximity, Recent`); Proximity → `is_similarity`, Recent/New →
/// `is_recent`.
package struct Area1TrustedDialect: CSVRowDialect {
    let domain: Int
    let notes: Int?
    let proximity: Int?
    let recent: Int?
    public let surplusColumn: Int?

    public init(header: CSVHeader, file: String) throws {
        domain = try Self.require(header.index(["domain", "trusteddomain", "pattern"]), "Domain", header: header,
                                  file: file, dialect: .area1Trusted)
        notes = header.index(["notes", "note", "comments", "comment", "description"])
        proximity = header.index(["proximity", "similarity", "issimilarity", "lookalike"])
        recent = header.index(["recent", "new", "isrecent", "recentlyregistered"])
        surplusColumn = notes == header.keys.count - 1 ? notes : nil
    }

    public func map(_ cells: [String], line: Int, input: String) -> MappedItem {
        let isSimilarity: Bool, isRecent: Bool
        do throws(ReasonCode) {
            isSimilarity = try flag(cells, proximity).get() ?? false
            isRecent = try flag(cells, recent).get() ?? false
        } catch {
            return .outcome(.rejected(error, line: line, input: input, collection: .trustedDomains))
        }
        return .entry(line: line, input: input,
                      entry: RawEntry(target: .trusted(isRecent: isRecent, isSimilarity: isSimilarity),
                                      value: cells[domain], comment: cell(cells, notes),
                                      rules: .init(regexAllowed: true)))
    }
}

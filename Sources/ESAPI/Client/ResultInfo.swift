/// Pagination facts of a list response; email security sends no `total_pages`.
package struct ResultInfo: Codable, Sendable, Hashable {
    public var page: Int?
    public var perPage: Int?
    public var count: Int?
    public var totalCount: Int?

    /// Creates a page description; every field is optional because servers differ in what they send.
    public init(page: Int?, perPage: Int?, count: Int?, totalCount: Int?) {
        self.page = page
        self.perPage = perPage
        self.count = count
        self.totalCount = totalCount
    }

    enum CodingKeys: String, CodingKey {
        case page, count
        case perPage = "per_page"
        case totalCount = "total_count"
    }
}

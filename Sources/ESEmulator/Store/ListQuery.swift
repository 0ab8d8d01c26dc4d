import ESRecords
import Foundation
import GRDB

/// A parsed list request (`api-contract.md` §7: filters, `search`, `order`/`direction`, `page`/`per_page`).
struct ListQuery: Sendable {
    var page = 1
    var perPage = 20
    var order: String?
    var descending = false
    var search: String?
    /// Exact-match filters on top-level fields.
    var equals: [(String, JSONAny)] = []
    /// Repeated-key filters (`?domain=a&domain=b`).
    var anyOf: [(String, [String])] = []
    /// Array-membership filters (`allowed_delivery_mode=BCC` matches domains whose list holds BCC).
    var contains: [(String, String)] = []

    /// The first row of the page, `(page - 1) × perPage`, or `nil` when that overflows.
    var offset: Int? {
        guard page >= 1, perPage >= 1 else { return nil }
        let (product, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        return overflow ? nil : product
    }
}

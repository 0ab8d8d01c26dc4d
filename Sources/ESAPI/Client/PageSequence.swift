import ESRecords
import Logging

/// All records of a list endpoint, fetched page by page as they are consumed (one page in memory).
///
/// Pagination ends on an empty page, when `total_count` records have been seen, on a short page (shorter
/// than the `per_page` the server echoes), or on a page that repeats the previous page's ids — the official
/// SDK loops forever on a server that answers every page number with the same page. A hard cap on pages
/// (derived from `total_count` when the server sends it) stops anything else with an error.
public struct PageSequence<R: Decodable & Sendable, C: Clock>: AsyncSequence, Sendable where C.Duration == Duration {
    public typealias Element = R

    let client: EmailSecurityClient<C>
    let path: String
    let query: [Query]
    let perPage: Int
    let maxPages: Int
    /// A record's id, to notice a server that repeats a page.
    let identify: @Sendable (R) -> RecordID?
    /// Fetches one page: its records and pagination facts.
    let fetch: @Sendable (EmailSecurityClient<C>, String, [(String, String)]) async throws -> (items: [R], info: ResultInfo?)

    struct Query: Sendable { var name: String; var value: String }

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    /// Pulls pages lazily.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: PageSequence
        var page = 0
        var buffer: [R] = []
        var index = 0
        var finished = false
        var previousIDs: [RecordID?] = []
        var seen = 0
        var pageLimit: Int
        /// Requests made so far (for the export's request accounting).
        public private(set) var requests = 0

        init(sequence: PageSequence) {
            self.sequence = sequence
            pageLimit = sequence.maxPages
        }

        public mutating func next() async throws -> R? {
            while index >= buffer.count {
                if finished { return nil }
                page += 1
                guard page <= pageLimit else {
                    throw APIError(kind: .invalidResponse, method: "GET", path: sequence.path,
                                   detail: "pagination did not end after \(pageLimit) pages")
                }
                let query = sequence.query.map { ($0.name, $0.value) }
                    + [("page", String(page)), ("per_page", String(sequence.perPage))]
                let (items, info) = try await sequence.fetch(sequence.client, sequence.path, query)
                requests += 1
                if items.isEmpty { finished = true; return nil }
                let ids = items.map(sequence.identify)
                if ids == previousIDs {
                    sequence.client.logger.warning("the server repeated a page; stopping pagination",
                                                   metadata: ["path": "\(sequence.path)", "page": "\(page)"])
                    finished = true
                    return nil
                }
                previousIDs = ids
                buffer = items
                index = 0
                seen += items.count
                if let total = info?.totalCount, total > 0 {
                    if seen >= total { finished = true }
                    let servedPerPage = Swift.max(1, info?.perPage ?? sequence.perPage)
                    pageLimit = Swift.min(pageLimit, (total + servedPerPage - 1) / servedPerPage + 2)
                }
                if items.count < (info?.perPage ?? sequence.perPage) { finished = true }
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}

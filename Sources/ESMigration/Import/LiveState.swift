public import ESAPI
public import ESRecords

/// Reads live collections as normalized records, for planning and reconciliation (per_page 1000).
package enum LiveState {
    /// Every live record of `collection`, in list order (for collections that fit in memory).
    public static func fetch<C: Clock>(_ collection: SettingsCollection, client: EmailSecurityClient<C>) async throws
        -> [NormalizedRecord] where C.Duration == Duration
    {
        var out: [NormalizedRecord] = []
        try await forEachPage(collection, client: client) { out += $0 }
        return out
    }

    /// Hands `body` the live records of `collection` in list order, `pageSize` at a time, so a caller that
    /// stores them elsewhere holds one page.
    public static func forEachPage<C: Clock>(_ collection: SettingsCollection, client: EmailSecurityClient<C>,
                                             pageSize: Int = 1000,
                                             _ body: ([NormalizedRecord]) async throws -> Void) async throws
        where C.Duration == Duration
    {
        var page: [NormalizedRecord] = []
        page.reserveCapacity(pageSize)
        func add(_ record: NormalizedRecord) async throws {
            page.append(record)
            if page.count >= pageSize {
                try await body(page)
                page.removeAll(keepingCapacity: true)
            }
        }
        func list<R: SettingsRecord>(_ type: R.Type) async throws {
            for try await r in client.list(R.self) { try await add(r.normalized) }
        }
        try await list(collection.recordType)
        if !page.isEmpty { try await body(page) }
    }
}

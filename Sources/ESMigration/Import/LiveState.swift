public import ESAPI
public import ESRecords

/// Reads live collections as normalized records, for planning and reconciliation (per_page 1000).
public enum LiveState {
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
        switch collection {
        case .allowPolicies: for try await r in client.list(AllowPolicy.self) { try await add(.allowPolicy(r)) }
        case .blockSenders: for try await r in client.list(BlockedSender.self) { try await add(.blockSender(r)) }
        case .trustedDomains: for try await r in client.list(TrustedDomain.self) { try await add(.trustedDomain(r)) }
        case .impersonationRegistry:
            for try await r in client.list(ImpersonationEntry.self) { try await add(.impersonation(r)) }
        case .domains: for try await r in client.list(ProtectedDomain.self) { try await add(.domain(r)) }
        }
        if !page.isEmpty { try await body(page) }
    }
}

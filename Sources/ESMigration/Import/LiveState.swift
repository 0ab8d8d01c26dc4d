public import ESAPI
public import ESRecords

/// Reads live collections as normalized records, for planning and reconciliation (per_page 1000).
public enum LiveState {
    public static func fetch<C: Clock>(_ collection: SettingsCollection, client: EmailSecurityClient<C>) async throws
        -> [NormalizedRecord] where C.Duration == Duration
    {
        var out: [NormalizedRecord] = []
        switch collection {
        case .allowPolicies: for try await r in client.list(AllowPolicy.self) { out.append(.allowPolicy(r)) }
        case .blockSenders: for try await r in client.list(BlockedSender.self) { out.append(.blockSender(r)) }
        case .trustedDomains: for try await r in client.list(TrustedDomain.self) { out.append(.trustedDomain(r)) }
        case .impersonationRegistry:
            for try await r in client.list(ImpersonationEntry.self) { out.append(.impersonation(r)) }
        case .domains: for try await r in client.list(ProtectedDomain.self) { out.append(.domain(r)) }
        }
        return out
    }
}

/// Which endpoint unprotects domains in bulk.
public enum DomainDeleteRoute: String, Sendable, Hashable, CaseIterable {
    /// `POST …/settings/domains/batch` with `deletes` (the endpoint the API recommends).
    case batch
    /// The deprecated `DELETE …/settings/domains` with a JSON array of `{id}`.
    case bulk
}

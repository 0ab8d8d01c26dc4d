/// The five Email Security settings collections esmigrate moves.
public enum SettingsCollection: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case allowPolicies = "allow_policies"
    case blockSenders = "block_senders"
    case trustedDomains = "trusted_domains"
    case impersonationRegistry = "impersonation_registry"
    case domains = "domains"

    public var description: String { rawValue }

    /// The path segment under `/accounts/{account_id}/email-security/settings/`.
    public var pathComponent: String { rawValue }

    /// Whether the API has a `POST …/batch` endpoint for this collection.
    public var hasBatchEndpoint: Bool { self != .impersonationRegistry }
}

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

    /// The type of the collection's records, which holds everything else about the collection.
    public var recordType: any SettingsRecord.Type { internals }

    /// The record type with the requirements only this package's pipelines use.
    package var internals: any SettingsRecordInternals.Type {
        switch self {
        case .allowPolicies: AllowPolicy.self
        case .blockSenders: BlockedSender.self
        case .trustedDomains: TrustedDomain.self
        case .impersonationRegistry: ImpersonationEntry.self
        case .domains: ProtectedDomain.self
        }
    }

    /// Whether the API has a `POST …/batch` endpoint for this collection.
    public var hasBatchEndpoint: Bool { recordType is any BatchableRecord.Type }

    /// The fields of the collection's objects in export column order, between `id` and the timestamps.
    package var fields: [RecordField] { internals.fields }
}

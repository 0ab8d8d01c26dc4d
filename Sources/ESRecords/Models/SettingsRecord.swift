/// A record of one of the five collections: what generic API and storage code needs to know about it.
public protocol SettingsRecord: Codable, Sendable, Hashable {
    /// The collection the record lives in.
    static var collection: SettingsCollection { get }
    /// The server-assigned id (absent before creation).
    var id: RecordID? { get set }
}

extension AllowPolicy: SettingsRecord { public static var collection: SettingsCollection { .allowPolicies } }
extension BlockedSender: SettingsRecord { public static var collection: SettingsCollection { .blockSenders } }
extension TrustedDomain: SettingsRecord { public static var collection: SettingsCollection { .trustedDomains } }
extension ImpersonationEntry: SettingsRecord {
    public static var collection: SettingsCollection { .impersonationRegistry }
}
extension ProtectedDomain: SettingsRecord { public static var collection: SettingsCollection { .domains } }

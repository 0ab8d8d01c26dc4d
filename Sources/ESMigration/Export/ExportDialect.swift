/// A variant of an export format for another consumer.
public enum ExportDialect: String, Sendable, Hashable, CaseIterable, Codable {
    /// esmigrate's own, lossless layout (restorable).
    case esmigrate
    /// Allow policies as the dashboard's upload CSV (`Pattern, Notes, Verify Email, Trusted Sender, Exempt
    /// Recipient, Acceptable Sender`); lossy, so `restore` refuses it (import it with `esmigrate import`).
    case dashboardAllow = "dashboard-allow"
}

/// What an allow policy's or blocked sender's `pattern` is matched as.
///
/// `UNKNOWN` exists only on old records: it is readable but the API refuses it on create and update,
/// so encoding a record with `.unknown` for a write throws.
public enum PatternType: String, Sendable, Hashable, Codable, CaseIterable {
    case email = "EMAIL"
    case domain = "DOMAIN"
    case ip = "IP"
    case unknown = "UNKNOWN"

    /// Parses the enum case-insensitively (old dumps hold `domain`, `Email`…).
    public init?(lenient text: some StringProtocol) {
        self.init(rawValue: text.uppercased())
    }

    /// Whether the API accepts this value on create and update.
    public var isWritable: Bool { self != .unknown }
}

extension ProtectedDomain {
    /// How mail reaches Email Security for this domain.
    public struct DeliveryMode: OpenEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let direct = DeliveryMode(rawValue: "DIRECT")
        public static let bcc = DeliveryMode(rawValue: "BCC")
        public static let journal = DeliveryMode(rawValue: "JOURNAL")
        public static let api = DeliveryMode(rawValue: "API")
        public static let retroScan = DeliveryMode(rawValue: "RETRO_SCAN")
        public static let known: [DeliveryMode] = [.direct, .bcc, .journal, .api, .retroScan]
    }

    /// A disposition whose messages are dropped.
    public struct DropDisposition: OpenEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let known: [DropDisposition] = [
            "MALICIOUS", "MALICIOUS-BEC", "SUSPICIOUS", "SPOOF", "SPAM", "BULK", "ENCRYPTED", "EXTERNAL",
            "UNKNOWN", "NONE",
        ].map(DropDisposition.init(rawValue:))
    }

    /// A processing region.
    public struct Region: OpenEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let global = Region(rawValue: "GLOBAL")
        public static let known: [Region] = ["GLOBAL", "AU", "DE", "IN", "US"].map(Region.init(rawValue:))
    }

    /// The delivery folder for API-mode domains.
    public struct Folder: OpenEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let known: [Folder] = ["AllItems", "Inbox"].map(Folder.init(rawValue:))
    }

    /// The onboarding status (upper case, as SDK 5.9.0's strict models require).
    public struct DomainStatus: OpenEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let pending = DomainStatus(rawValue: "PENDING")
        public static let active = DomainStatus(rawValue: "ACTIVE")
        public static let known: [DomainStatus] = ["PENDING", "ACTIVE", "FAILED", "TIMEOUT"]
            .map(DomainStatus.init(rawValue:))
    }

    /// Documented values of the computed `dmarc_status`, `spf_status` and `inbox_provider` fields.
    package enum ComputedValues {
        public static let dmarcStatus = ["none", "good", "invalid"]
        public static let spfStatus = ["none", "good", "neutral", "open", "invalid"]
        public static let inboxProvider = ["Microsoft", "Google"]
    }
}

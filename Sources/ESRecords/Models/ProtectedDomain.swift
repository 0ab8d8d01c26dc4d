/// A protected email domain (`…/settings/domains`).
///
/// Mutable fields are those of `POST`/`PUT`/`PATCH`; the rest are computed by the service and only read.
public struct ProtectedDomain: Sendable, Hashable, Codable {
    public var id: RecordID?
    public var domain: String
    public var allowedDeliveryModes: [DeliveryMode]
    public var dropDispositions: [DropDisposition]
    public var ipRestrictions: [String]
    public var regions: [Region]
    /// 1–20 when set.
    public var lookbackHops: Int?
    /// The MX host mail is delivered to.
    public var transport: String?
    public var folder: Folder?
    public var integrationID: String?
    public var requireTLSInbound: Bool?
    public var requireTLSOutbound: Bool?

    // Computed by the service.
    public var status: DomainStatus?
    public var authorization: Authorization?
    public var emailsProcessed: EmailsProcessed?
    public var dmarcStatus: String?
    public var spfStatus: String?
    public var inboxProvider: String?
    public var o365TenantID: String?
    public var createdAt: String?
    public var modifiedAt: String?
    public var lastModified: String?

    /// Creates a protected domain with the API's defaults.
    public init(id: RecordID? = nil, domain: String, allowedDeliveryModes: [DeliveryMode] = [.direct],
                dropDispositions: [DropDisposition] = [], ipRestrictions: [String] = [],
                regions: [Region] = [.global], lookbackHops: Int? = nil, transport: String? = nil,
                folder: Folder? = nil, integrationID: String? = nil, requireTLSInbound: Bool? = nil,
                requireTLSOutbound: Bool? = nil) {
        self.id = id
        self.domain = domain
        self.allowedDeliveryModes = allowedDeliveryModes
        self.dropDispositions = dropDispositions
        self.ipRestrictions = ipRestrictions
        self.regions = regions
        self.lookbackHops = lookbackHops
        self.transport = transport
        self.folder = folder
        self.integrationID = integrationID
        self.requireTLSInbound = requireTLSInbound
        self.requireTLSOutbound = requireTLSOutbound
    }

    /// Whether the service has authorized the domain, and when.
    public struct Authorization: Sendable, Hashable, Codable {
        public var authorized: Bool
        public var timestamp: String?
        public var statusMessage: String?

        /// Creates the authorization state the API reports.
        public init(authorized: Bool, timestamp: String? = nil, statusMessage: String? = nil) {
            self.authorized = authorized
            self.timestamp = timestamp
            self.statusMessage = statusMessage
        }

        enum CodingKeys: String, CodingKey {
            case authorized, timestamp
            case statusMessage = "status_message"
        }
    }

    /// Mail volume counters the service keeps for the domain.
    public struct EmailsProcessed: Sendable, Hashable, Codable {
        public var timestamp: String?
        public var totalEmailsProcessed: Int64
        public var totalEmailsProcessedPrevious: Int64

        /// Creates the processed-email counts the API reports.
        public init(timestamp: String? = nil, totalEmailsProcessed: Int64, totalEmailsProcessedPrevious: Int64) {
            self.timestamp = timestamp
            self.totalEmailsProcessed = totalEmailsProcessed
            self.totalEmailsProcessedPrevious = totalEmailsProcessedPrevious
        }

        enum CodingKeys: String, CodingKey {
            case timestamp
            case totalEmailsProcessed = "total_emails_processed"
            case totalEmailsProcessedPrevious = "total_emails_processed_previous"
        }
    }

    enum CodingKeys: String, TimestampCodingKeys {
        case id, domain, regions, transport, folder, status, authorization
        case allowedDeliveryModes = "allowed_delivery_modes", dropDispositions = "drop_dispositions"
        case ipRestrictions = "ip_restrictions", lookbackHops = "lookback_hops", integrationID = "integration_id"
        case requireTLSInbound = "require_tls_inbound", requireTLSOutbound = "require_tls_outbound"
        case emailsProcessed = "emails_processed", dmarcStatus = "dmarc_status", spfStatus = "spf_status"
        case inboxProvider = "inbox_provider", o365TenantID = "o365_tenant_id"
        case createdAt = "created_at", modifiedAt = "modified_at", lastModified = "last_modified"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(RecordID.self, forKey: .id)
        domain = try c.decode(String.self, forKey: .domain)
        allowedDeliveryModes = try c.decodeIfPresent([DeliveryMode].self, forKey: .allowedDeliveryModes) ?? []
        dropDispositions = try c.decodeIfPresent([DropDisposition].self, forKey: .dropDispositions) ?? []
        ipRestrictions = try c.decodeIfPresent([String].self, forKey: .ipRestrictions) ?? []
        regions = try c.decodeIfPresent([Region].self, forKey: .regions) ?? []
        lookbackHops = try c.decodeIfPresent(Int.self, forKey: .lookbackHops)
        transport = try c.decodeIfPresent(String.self, forKey: .transport)
        folder = try c.decodeIfPresent(Folder.self, forKey: .folder)
        integrationID = try c.decodeIfPresent(String.self, forKey: .integrationID)
        requireTLSInbound = try c.decodeIfPresent(Bool.self, forKey: .requireTLSInbound)
        requireTLSOutbound = try c.decodeIfPresent(Bool.self, forKey: .requireTLSOutbound)
        status = try c.decodeIfPresent(DomainStatus.self, forKey: .status)
        authorization = try c.decodeIfPresent(Authorization.self, forKey: .authorization)
        emailsProcessed = try c.decodeIfPresent(EmailsProcessed.self, forKey: .emailsProcessed)
        dmarcStatus = try c.decodeIfPresent(String.self, forKey: .dmarcStatus)
        spfStatus = try c.decodeIfPresent(String.self, forKey: .spfStatus)
        inboxProvider = try c.decodeIfPresent(String.self, forKey: .inboxProvider)
        o365TenantID = try c.decodeIfPresent(String.self, forKey: .o365TenantID)
        (createdAt, modifiedAt, lastModified) = try c.decodeTimestamps()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let write = WireCoding.isWriteBody(encoder)
        if !write { try c.encodeIfPresent(id, forKey: .id) }
        try c.encode(domain, forKey: .domain)
        try c.encode(allowedDeliveryModes, forKey: .allowedDeliveryModes)
        try c.encode(dropDispositions, forKey: .dropDispositions)
        try c.encode(ipRestrictions, forKey: .ipRestrictions)
        try c.encode(regions, forKey: .regions)
        try c.encodeIfPresent(lookbackHops, forKey: .lookbackHops)
        try c.encodeIfPresent(transport, forKey: .transport)
        try c.encodeIfPresent(folder, forKey: .folder)
        try c.encodeIfPresent(integrationID, forKey: .integrationID)
        try c.encodeIfPresent(requireTLSInbound, forKey: .requireTLSInbound)
        try c.encodeIfPresent(requireTLSOutbound, forKey: .requireTLSOutbound)
        guard !write else { return }
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(authorization, forKey: .authorization)
        try c.encodeIfPresent(emailsProcessed, forKey: .emailsProcessed)
        try c.encodeIfPresent(dmarcStatus, forKey: .dmarcStatus)
        try c.encodeIfPresent(spfStatus, forKey: .spfStatus)
        try c.encodeIfPresent(inboxProvider, forKey: .inboxProvider)
        try c.encodeIfPresent(o365TenantID, forKey: .o365TenantID)
        try c.encodeTimestamps(createdAt, modifiedAt, lastModified)
    }
}

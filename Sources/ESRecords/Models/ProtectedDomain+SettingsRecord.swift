extension ProtectedDomain: BatchableRecord, SettingsRecordInternals {
    public static var collection: SettingsCollection { .domains }

    package static var fields: [RecordField] {
        [RecordField("domain", .string), RecordField("allowed_delivery_modes", .stringList),
         RecordField("drop_dispositions", .stringList), RecordField("ip_restrictions", .stringList),
         RecordField("regions", .stringList), RecordField("lookback_hops", .number), RecordField("transport", .string),
         RecordField("folder", .string), RecordField("integration_id", .string),
         RecordField("require_tls_inbound", .bool), RecordField("require_tls_outbound", .bool),
         RecordField("status", .string),
         RecordField("authorization", .object([RecordField("authorized", .bool), RecordField("timestamp", .string),
                                               RecordField("status_message", .string)])),
         RecordField("emails_processed", .object([RecordField("timestamp", .string),
                                                  RecordField("total_emails_processed", .number),
                                                  RecordField("total_emails_processed_previous", .number)])),
         RecordField("dmarc_status", .string), RecordField("spf_status", .string),
         RecordField("inbox_provider", .string), RecordField("o365_tenant_id", .string)]
    }

    /// The domain name is set on create; PUT and PATCH do not take it (`api-contract.md` §7.5).
    public static var immutableFields: Set<String> { ["domain"] }

    /// Protected domains have no comments.
    public var comments: String? { nil }
    /// The case-folded domain name.
    public var naturalKey: String { NaturalKey.join(Self.collection, domain.lowercased()) }
    public var keyForHumans: String { domain }

    /// Without the computed status fields too.
    public var content: ProtectedDomain {
        var d = self
        d.id = nil; d.createdAt = nil; d.modifiedAt = nil; d.lastModified = nil
        d.status = nil; d.authorization = nil; d.emailsProcessed = nil; d.dmarcStatus = nil
        d.spfStatus = nil; d.inboxProvider = nil; d.o365TenantID = nil
        return d
    }

    public func differingFields(from other: ProtectedDomain) -> [String] {
        [("allowed_delivery_modes", allowedDeliveryModes != other.allowedDeliveryModes),
         ("drop_dispositions", dropDispositions != other.dropDispositions),
         ("ip_restrictions", ipRestrictions != other.ipRestrictions), ("regions", regions != other.regions),
         ("lookback_hops", lookbackHops != other.lookbackHops), ("transport", transport != other.transport),
         ("folder", folder != other.folder), ("integration_id", integrationID != other.integrationID),
         ("require_tls_inbound", requireTLSInbound != other.requireTLSInbound),
         ("require_tls_outbound", requireTLSOutbound != other.requireTLSOutbound)].filter(\.1).map(\.0)
    }

    public func violation(policy: RecordValidator.Policy) -> RecordValidator.Violation? {
        RecordValidator.validate(self)
    }

    package func writeNormalized(to json: inout JSONWriter) {
        json.literal(#"{"collection":"domains","domain":"#)
        json.literalString(domain)
        func list(_ name: StaticString, _ values: [String]) {
            json.literal(name)
            json.literal("[")
            for (i, v) in values.enumerated() {
                if i > 0 { json.literal(",") }
                json.literalString(v)
            }
            json.literal("]")
        }
        list(#","allowed_delivery_modes":"#, allowedDeliveryModes.map(\.rawValue))
        list(#","drop_dispositions":"#, dropDispositions.map(\.rawValue))
        list(#","ip_restrictions":"#, ipRestrictions)
        list(#","regions":"#, regions.map(\.rawValue))
        json.literal(#","transport":"#)
        json.literalString(transport)
    }

    package func appendKeyBytes(to bytes: inout [UInt8]) {
        bytes.append(5)
        bytes.append(contentsOf: domain.lowercased().utf8)
    }

    public var normalized: NormalizedRecord { .domain(self) }

    /// Protected domains come only from exports (restore) and the API, never from legacy lists.
    package static func mappedTarget(flag: (String) throws(ReasonCode) -> Bool?, text: (String) -> String)
        throws(ReasonCode) -> RawEntry.Target?
    {
        nil
    }
}

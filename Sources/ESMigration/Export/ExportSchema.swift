public import ESRecords

/// The documented CSV columns of each collection and how a JSON value maps to a cell and back.
///
/// Flattening rules (reversible; README "Export formats"):
/// - one column per known field; nested objects become dotted columns (`authorization.authorized`);
/// - strings are written as is, booleans as `true`/`false`, numbers as their JSON text;
/// - lists of strings are joined with `|` (`DIRECT|BCC`);
/// - an empty cell means the field was absent;
/// - anything a cell cannot carry unambiguously — `null`, an empty string or list, a list item that is
///   empty or contains `|`, a value of an unexpected type, a field this version does not know — is kept
///   verbatim in the last column, `extra`, as a JSON object, and its own cell stays empty.
public struct ExportSchema: Sendable {
    /// What a column holds.
    public enum Kind: Sendable, Hashable {
        case string, bool, number, stringList
        /// A nested object with these sub-fields (each a column `field.sub`).
        case object([Field])
    }

    /// A field of the collection's objects.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var kind: Kind
        init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }
    }

    public let collection: SettingsCollection
    public let fields: [Field]

    /// The name of the catch-all column.
    public static let extraColumn = "extra"

    /// The header row: every field's column(s), then `extra`.
    public var header: [String] {
        var out: [String] = []
        for f in fields {
            if case .object(let subs) = f.kind { out += subs.map { "\(f.name).\($0.name)" } } else { out.append(f.name) }
        }
        return out + [Self.extraColumn]
    }

    /// The CSV columns of `collection`'s exports.
    public init(_ collection: SettingsCollection) {
        self.collection = collection
        let stamps = [Field("created_at", .string), Field("modified_at", .string), Field("last_modified", .string)]
        switch collection {
        case .allowPolicies:
            fields = [Field("id", .string), Field("pattern", .string), Field("pattern_type", .string),
                      Field("is_regex", .bool), Field("is_trusted_sender", .bool), Field("is_acceptable_sender", .bool),
                      Field("is_exempt_recipient", .bool), Field("verify_sender", .bool), Field("comments", .string)]
                + stamps
        case .blockSenders:
            fields = [Field("id", .string), Field("pattern", .string), Field("pattern_type", .string),
                      Field("is_regex", .bool), Field("comments", .string)] + stamps
        case .trustedDomains:
            fields = [Field("id", .string), Field("pattern", .string), Field("is_regex", .bool),
                      Field("is_recent", .bool), Field("is_similarity", .bool), Field("comments", .string)] + stamps
        case .impersonationRegistry:
            fields = [Field("id", .string), Field("name", .string), Field("email", .string),
                      Field("is_email_regex", .bool), Field("comments", .string), Field("provenance", .string),
                      Field("directory_id", .number), Field("directory_node_id", .number),
                      Field("external_directory_node_id", .string)] + stamps
        case .domains:
            fields = [Field("id", .string), Field("domain", .string), Field("allowed_delivery_modes", .stringList),
                      Field("drop_dispositions", .stringList), Field("ip_restrictions", .stringList),
                      Field("regions", .stringList), Field("lookback_hops", .number), Field("transport", .string),
                      Field("folder", .string), Field("integration_id", .string), Field("require_tls_inbound", .bool),
                      Field("require_tls_outbound", .bool), Field("status", .string),
                      Field("authorization", .object([Field("authorized", .bool), Field("timestamp", .string),
                                                      Field("status_message", .string)])),
                      Field("emails_processed", .object([Field("timestamp", .string),
                                                         Field("total_emails_processed", .number),
                                                         Field("total_emails_processed_previous", .number)])),
                      Field("dmarc_status", .string), Field("spf_status", .string), Field("inbox_provider", .string),
                      Field("o365_tenant_id", .string)] + stamps
        }
    }
}

/// An impersonation registry entry (`…/settings/impersonation_registry`): a display name to protect.
///
/// Entries whose `provenance` is not `A1S_INTERNAL` come from directory sync and are read-only.
public struct ImpersonationEntry: Sendable, Hashable, Codable {
    public var id: RecordID?
    public var name: String
    public var email: String
    public var isEmailRegex: Bool
    public var comments: String?
    public var directoryID: Int64?
    public var directoryNodeID: Int64?
    /// Deprecated by the API (no date given).
    public var externalDirectoryNodeID: String?
    public var provenance: String?
    public var createdAt: String?
    public var modifiedAt: String?
    public var lastModified: String?

    /// The provenance of entries created through the API or dashboard (the only writable kind).
    public static let internalProvenance = "A1S_INTERNAL"

    /// Creates an impersonation registry entry.
    public init(id: RecordID? = nil, name: String, email: String, isEmailRegex: Bool = false,
                comments: String? = nil, directoryID: Int64? = nil, directoryNodeID: Int64? = nil,
                externalDirectoryNodeID: String? = nil, provenance: String? = nil, createdAt: String? = nil,
                modifiedAt: String? = nil, lastModified: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.isEmailRegex = isEmailRegex
        self.comments = comments
        self.directoryID = directoryID
        self.directoryNodeID = directoryNodeID
        self.externalDirectoryNodeID = externalDirectoryNodeID
        self.provenance = provenance
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.lastModified = lastModified
    }

    /// Whether the entry came from directory sync and so cannot be edited or deleted.
    public var isDirectorySynced: Bool {
        if let provenance { return provenance != ImpersonationEntry.internalProvenance }
        return false
    }

    enum CodingKeys: String, TimestampCodingKeys {
        case id, name, email, comments, provenance
        case isEmailRegex = "is_email_regex", directoryID = "directory_id", directoryNodeID = "directory_node_id"
        case externalDirectoryNodeID = "external_directory_node_id"
        case createdAt = "created_at", modifiedAt = "modified_at", lastModified = "last_modified"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(RecordID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
        isEmailRegex = try c.decodeFlag(.isEmailRegex)
        comments = try c.decodeIfPresent(String.self, forKey: .comments)
        directoryID = try c.decodeIfPresent(Int64.self, forKey: .directoryID)
        directoryNodeID = try c.decodeIfPresent(Int64.self, forKey: .directoryNodeID)
        externalDirectoryNodeID = try c.decodeIfPresent(String.self, forKey: .externalDirectoryNodeID)
        provenance = try c.decodeIfPresent(String.self, forKey: .provenance)
        (createdAt, modifiedAt, lastModified) = try c.decodeTimestamps()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let write = WireCoding.isWriteBody(encoder)
        if !write { try c.encodeIfPresent(id, forKey: .id) }
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(isEmailRegex, forKey: .isEmailRegex)
        try c.encodeIfPresent(comments, forKey: .comments)
        // Directory fields and provenance are part of the create schema too (`api-contract.md` §7.4).
        try c.encodeIfPresent(directoryID, forKey: .directoryID)
        try c.encodeIfPresent(directoryNodeID, forKey: .directoryNodeID)
        try c.encodeIfPresent(externalDirectoryNodeID, forKey: .externalDirectoryNodeID)
        try c.encodeIfPresent(provenance, forKey: .provenance)
        if !write { try c.encodeTimestamps(createdAt, modifiedAt, lastModified) }
    }
}

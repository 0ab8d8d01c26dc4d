extension NormalizedRecord {
    /// Wraps a live record of any of the five collections.
    public init?(_ record: any SettingsRecord) {
        switch record {
        case let p as AllowPolicy: self = .allowPolicy(p)
        case let b as BlockedSender: self = .blockSender(b)
        case let t as TrustedDomain: self = .trustedDomain(t)
        case let e as ImpersonationEntry: self = .impersonation(e)
        case let d as ProtectedDomain: self = .domain(d)
        default: return nil
        }
    }

    /// The server id, when the record came from the API.
    public var id: RecordID? {
        switch self {
        case .allowPolicy(let p): p.id
        case .blockSender(let b): b.id
        case .trustedDomain(let t): t.id
        case .impersonation(let e): e.id
        case .domain(let d): d.id
        }
    }

    /// The record with everything the server assigns removed (id, timestamps, provenance and directory
    /// fields, a domain's computed status fields), so a normalized record and its live counterpart compare equal when
    /// their content is.
    public var content: NormalizedRecord {
        switch self {
        case .allowPolicy(var p):
            p.id = nil; p.createdAt = nil; p.modifiedAt = nil; p.lastModified = nil
            return .allowPolicy(p)
        case .blockSender(var b):
            b.id = nil; b.createdAt = nil; b.modifiedAt = nil; b.lastModified = nil
            return .blockSender(b)
        case .trustedDomain(var t):
            t.id = nil; t.createdAt = nil; t.modifiedAt = nil; t.lastModified = nil
            return .trustedDomain(t)
        case .impersonation(var e):
            e.id = nil; e.createdAt = nil; e.modifiedAt = nil; e.lastModified = nil
            e.provenance = nil; e.directoryID = nil; e.directoryNodeID = nil; e.externalDirectoryNodeID = nil
            return .impersonation(e)
        case .domain(var d):
            d.id = nil; d.createdAt = nil; d.modifiedAt = nil; d.lastModified = nil
            d.status = nil; d.authorization = nil; d.emailsProcessed = nil; d.dmarcStatus = nil
            d.spfStatus = nil; d.inboxProvider = nil; d.o365TenantID = nil
            return .domain(d)
        }
    }

    /// Whether the two records hold the same content (see ``content``).
    public func hasSameContent(as other: NormalizedRecord) -> Bool {
        content == other.content
    }
}

extension NormalizedRecord {
    /// The wrapped model when it is of type `R`.
    public func model<R: SettingsRecord>(as type: R.Type) -> R? {
        switch self {
        case .allowPolicy(let p): p as? R
        case .blockSender(let b): b as? R
        case .trustedDomain(let t): t as? R
        case .impersonation(let e): e as? R
        case .domain(let d): d as? R
        }
    }
}

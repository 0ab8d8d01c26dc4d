import ESRecords
import Foundation
import GRDB

/// The API's behaviour on top of the store, independent of HTTP: validation (through the same
/// `RecordValidator` the importer uses), ids and timestamps, merges for PATCH, atomic batches.
struct EmulatorService: Sendable {
    let store: EmulatorStore
    let generation: APIGeneration
    let validation: RecordValidator.Policy
    let ids: IDGenerator
    /// The wall clock for `created_at`/`modified_at` (``EmulatorConfiguration/now``).
    let now: @Sendable () -> Date

    static let requiredOnCreate: [SettingsCollection: [String]] = [
        .allowPolicies: ["pattern", "pattern_type", "is_regex", "is_trusted_sender", "is_exempt_recipient",
                         "is_acceptable_sender", "verify_sender"],
        .blockSenders: ["pattern", "pattern_type", "is_regex"],
        .trustedDomains: ["pattern", "is_regex", "is_recent", "is_similarity"],
        .impersonationRegistry: ["name", "email", "is_email_regex"],
        .domains: ["domain", "allowed_delivery_modes", "drop_dispositions", "ip_restrictions", "regions"],
    ]

    /// Fields a client may not set (computed or assigned by the service).
    static let readOnly: Set<String> = [
        "id", "created_at", "modified_at", "last_modified", "status", "authorization", "emails_processed",
        "dmarc_status", "spf_status", "inbox_provider", "o365_tenant_id",
    ]

    // MARK: - Reads

    func list(account: String, _ c: SettingsCollection, _ q: ListQuery) async throws -> ([String], Int) {
        let page = try await store.list(account: account, collection: c, query: q)
        return (page.items, page.total)
    }

    func get(account: String, _ c: SettingsCollection, id: String) async throws -> [String: JSONAny] {
        try await store.writer.read { db in
            guard let s = try EmulatorStore.fetch(db, account: account, collection: c, id: id) else {
                throw EmulatorError.notFound("\(c.rawValue) \(id)")
            }
            return s.body
        }
    }

    // MARK: - Writes

    func create(account: String, _ c: SettingsCollection, body: JSONAny) async throws -> [String: JSONAny] {
        let now = timestamp()
        return try await store.write { db in try self.create(db, account: account, c, body: body, now: now) }
    }

    func patch(account: String, _ c: SettingsCollection, id: String, body: JSONAny) async throws -> [String: JSONAny] {
        let now = timestamp()
        return try await store.write { db in try self.patch(db, account: account, c, id: id, body: body, now: now) }
    }

    func put(account: String, _ c: SettingsCollection, id: String, body: JSONAny) async throws -> [String: JSONAny] {
        let now = timestamp()
        return try await store.write { db in try self.put(db, account: account, c, id: id, body: body, now: now) }
    }

    func delete(account: String, _ c: SettingsCollection, id: String) async throws -> JSONAny {
        try await store.write { db in try self.delete(db, account: account, c, id: id) }
    }

    /// `POST …/batch`: the four arrays are required (≤ 1000 each) and applied in one transaction, in the
    /// order deletes → patches → puts → posts; any failure rolls the whole batch back.
    func batch(account: String, _ c: SettingsCollection, body: JSONAny) async throws -> [String: JSONAny] {
        guard case .object(let o) = body else { throw EmulatorError.badRequest("the batch body must be an object") }
        var arrays: [String: [JSONAny]] = [:]
        for key in ["deletes", "patches", "puts", "posts"] {
            guard case .array(let a)? = o[key] else {
                throw EmulatorError.badRequest("\(key) is required and must be an array (send [] when unused)")
            }
            guard a.count <= RecordLimits.maxBatchItems else {
                throw EmulatorError.badRequest("\(key) holds \(a.count) items; at most \(RecordLimits.maxBatchItems)")
            }
            arrays[key] = a
        }
        let now = timestamp()
        let work = arrays
        return try await store.write { db in
            let arrays = work
            var deleted: [JSONAny] = [], patched: [JSONAny] = [], replaced: [JSONAny] = [], created: [JSONAny] = []
            for item in arrays["deletes", default: []] { deleted.append(try self.delete(db, account: account, c, id: Self.itemID(item))) }
            for item in arrays["patches", default: []] {
                patched.append(.object(try self.patch(db, account: account, c, id: Self.itemID(item), body: item, now: now)))
            }
            for item in arrays["puts", default: []] {
                replaced.append(.object(try self.put(db, account: account, c, id: Self.itemID(item), body: item, now: now)))
            }
            for item in arrays["posts", default: []] {
                created.append(.object(try self.create(db, account: account, c, body: item, now: now)))
            }
            return ["deletes": .array(deleted), "patches": .array(patched), "puts": .array(replaced),
                    "posts": .array(created)]
        }
    }

    /// The deprecated `DELETE …/domains`: the body must be a JSON array of `{id}` — never "delete all".
    func bulkDeleteDomains(account: String, body: JSONAny?) async throws -> [JSONAny] {
        guard case .array(let items)? = body, !items.isEmpty else {
            throw EmulatorError.badRequest("the body must be a non-empty JSON array of {\"id\": …} objects")
        }
        return try await store.write { db in
            try items.map { try self.delete(db, account: account, .domains, id: Self.itemID($0)) }
        }
    }

    // MARK: - In a transaction

    func create(_ db: Database, account: String, _ c: SettingsCollection, body: JSONAny, now: String)
        throws -> [String: JSONAny]
    {
        guard case .object(var fields) = body else { throw EmulatorError.badRequest("the body must be a JSON object") }
        for key in Self.requiredOnCreate[c, default: []] where fields[key] == nil || fields[key] == .null {
            throw EmulatorError.badRequest("\(key): is required", code: 1002)
        }
        for key in Self.readOnly { fields[key] = nil }
        if c == .impersonationRegistry, fields["provenance"] == nil || fields["provenance"] == .null {
            fields["provenance"] = .string(ImpersonationEntry.internalProvenance)
        }
        if c == .domains {
            if fields["lookback_hops"] == nil || fields["lookback_hops"] == .null { fields["lookback_hops"] = .int(2) }
            fields["status"] = .string("ACTIVE")
            fields["authorization"] = .object(["authorized": .bool(true), "timestamp": .string(now)])
            fields["emails_processed"] = .object(["timestamp": .string(now), "total_emails_processed": .int(0),
                                                  "total_emails_processed_previous": .int(0)])
            fields["dmarc_status"] = .string("none")
            fields["spf_status"] = .string("none")
        }
        let id: JSONAny = generation == .legacy ? .int(Int64(try EmulatorStore.nextInteger(db))) : .string(ids.next())
        fields["id"] = id
        fields["created_at"] = .string(now)
        fields["modified_at"] = .string(now)
        fields["last_modified"] = .string(now)
        let canonical = try validated(c, fields, patchedKeys: nil)
        try EmulatorStore.insert(db, account: account, collection: c, id: Self.idText(id), body: canonical)
        return canonical
    }

    func patch(_ db: Database, account: String, _ c: SettingsCollection, id: String, body: JSONAny, now: String)
        throws -> [String: JSONAny]
    {
        guard case .object(let changes) = body else { throw EmulatorError.badRequest("the body must be a JSON object") }
        var stored = try writable(db, account: account, c, id: id)
        if c == .domains, changes["domain"] != nil { throw EmulatorError.badRequest("domain: cannot be changed") }
        for (k, v) in changes where !Self.readOnly.contains(k) { stored[k] = v }
        stored["modified_at"] = .string(now)
        stored["last_modified"] = .string(now)
        let canonical = try validated(c, stored, patchedKeys: Set(changes.keys))
        try EmulatorStore.update(db, account: account, collection: c, id: id, body: canonical)
        return canonical
    }

    /// PUT (domains): every mutable field is replaced; `domain` stays.
    func put(_ db: Database, account: String, _ c: SettingsCollection, id: String, body: JSONAny, now: String)
        throws -> [String: JSONAny]
    {
        guard case .object(var fields) = body else { throw EmulatorError.badRequest("the body must be a JSON object") }
        let stored = try writable(db, account: account, c, id: id)
        let required = Self.requiredOnCreate[c, default: []].filter { c != .domains || $0 != "domain" }
        for key in required where fields[key] == nil || fields[key] == .null {
            throw EmulatorError.badRequest("\(key): is required", code: 1002)
        }
        for key in Self.readOnly { fields[key] = stored[key] }
        if c == .domains { fields["domain"] = stored["domain"] }
        fields["modified_at"] = .string(now)
        fields["last_modified"] = .string(now)
        let canonical = try validated(c, fields, patchedKeys: nil)
        try EmulatorStore.update(db, account: account, collection: c, id: id, body: canonical)
        return canonical
    }

    func delete(_ db: Database, account: String, _ c: SettingsCollection, id: String) throws -> JSONAny {
        let stored = try writable(db, account: account, c, id: id)
        _ = try EmulatorStore.delete(db, account: account, collection: c, id: id)
        return .object(["id": stored["id"] ?? .string(id)])
    }

    /// The stored record, if it exists (404) and may be changed (directory-synced entries: 403).
    private func writable(_ db: Database, account: String, _ c: SettingsCollection, id: String)
        throws -> [String: JSONAny]
    {
        guard let stored = try EmulatorStore.fetch(db, account: account, collection: c, id: id)?.body else {
            throw EmulatorError.notFound("\(c.rawValue) \(id)")
        }
        if c == .impersonationRegistry, Self.isDirectorySynced(stored) { throw EmulatorError.directorySynced }
        return stored
    }

    // MARK: - Validation

    /// Decodes the fields as the typed model (field types as the schema says), applies `RecordValidator`,
    /// and returns the stored object: the model's canonical encoding plus fields it does not model.
    func validated(_ c: SettingsCollection, _ fields: [String: JSONAny], patchedKeys: Set<String>?)
        throws -> [String: JSONAny]
    {
        let value = JSONAny.object(fields)
        do {
            switch c {
            case .allowPolicies:
                let p = try value.decode(as: AllowPolicy.self)
                try check(type: p.patternType, patchedKeys, RecordValidator.validate(p, policy: validation),
                          lengthOnly: RecordValidator.checkPattern(p.pattern, type: nil, isRegex: true))
                return try merge(fields, canonical: p, dropping: ["is_sender", "is_spoof", "is_recipient"])
            case .blockSenders:
                let b = try value.decode(as: BlockedSender.self)
                try check(type: b.patternType, patchedKeys, RecordValidator.validate(b, policy: validation),
                          lengthOnly: nil)
                return try merge(fields, canonical: b)
            case .trustedDomains:
                let t = try value.decode(as: TrustedDomain.self)
                if let v = RecordValidator.validate(t, policy: validation) { throw v }
                return try merge(fields, canonical: t)
            case .impersonationRegistry:
                let e = try value.decode(as: ImpersonationEntry.self)
                if let v = RecordValidator.validate(e) { throw v }
                return try merge(fields, canonical: e)
            case .domains:
                let d = try value.decode(as: ProtectedDomain.self)
                if let v = RecordValidator.validate(d) { throw v }
                return try merge(fields, canonical: d)
            }
        } catch let v as RecordValidator.Violation {
            throw EmulatorError.badRequest("\(v.field): \(v.message)", code: 1004)
        } catch let e as DecodingError {
            throw EmulatorError.badRequest("invalid body: \(Self.describe(e))", code: 1003)
        }
    }

    /// `UNKNOWN` is refused on write, but a PATCH that leaves an old record's `UNKNOWN` type alone is fine.
    private func check(type: PatternType, _ patchedKeys: Set<String>?, _ violation: RecordValidator.Violation?,
                       lengthOnly: RecordValidator.Violation?) throws {
        guard let violation else { return }
        if type == .unknown, let patched = patchedKeys, !patched.contains("pattern_type") { return }
        throw violation
    }

    private func merge(_ fields: [String: JSONAny], canonical: some Encodable, dropping: Set<String> = [])
        throws -> [String: JSONAny]
    {
        var out = try JSONAny.object(from: canonical)
        for (k, v) in fields where out[k] == nil && !dropping.contains(k) { out[k] = v }
        return out
    }

    // MARK: - Helpers

    static func isDirectorySynced(_ body: [String: JSONAny]) -> Bool {
        guard let p = body["provenance"]?.stringValue else { return false }
        return p != ImpersonationEntry.internalProvenance
    }

    static func itemID(_ item: JSONAny) throws -> String {
        guard case .object(let o) = item, let id = o["id"] else { throw EmulatorError.badRequest("id: is required") }
        return idText(id)
    }

    static func idText(_ id: JSONAny) -> String {
        switch id {
        case .string(let s): s
        case .int(let i): String(i)
        default: ""
        }
    }

    func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: now())
    }

    static func describe(_ e: DecodingError) -> String {
        switch e {
        case .keyNotFound(let k, _): "\(k.stringValue): is required"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            "\(ctx.codingPath.map(\.stringValue).joined(separator: ".")): \(ctx.debugDescription)"
        @unknown default: "\(e)"
        }
    }
}

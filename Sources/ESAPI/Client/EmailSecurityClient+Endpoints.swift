public import ESRecords
import Foundation

/// The 31 endpoints of `api-contract.md` §7.0, generic over the five collections.
///
/// | collection | list | create | batch | get | edit | delete | other |
/// |---|---|---|---|---|---|---|---|
/// | allow_policies, block_senders, trusted_domains | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | |
/// | impersonation_registry | ✓ | ✓ | – | ✓ | ✓ | ✓ | |
/// | domains | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | PUT update, bulk DELETE |
extension EmailSecurityClient {
    static func collectionPath(_ collection: SettingsCollection) -> String { "/" + collection.pathComponent }

    static func itemPath(_ collection: SettingsCollection, _ id: RecordID) -> String {
        "/" + collection.pathComponent + "/" + percentEncode(id.rawValue)
    }

    /// Every record of a collection, `perPage` (≤ 1000) at a time, with list filters as query items.
    public func list<R: SettingsRecord>(_ type: R.Type, filters: [(String, String)] = [], perPage: Int = 1000)
        -> PageSequence<R, C>
    {
        PageSequence(client: self, path: Self.collectionPath(R.collection),
                     query: filters.map { .init(name: $0.0, value: $0.1) },
                     perPage: min(max(perPage, 1), RecordLimits.maxPerPage), maxPages: 1_000_000,
                     identify: { $0.id },
                     fetch: { client, path, query in
                         let envelope = try await client.call("GET", path, query: query, as: [R].self)
                         return (envelope.result ?? [], envelope.resultInfo)
                     })
    }

    /// Every record of a collection as the JSON objects the API sent, every field kept (for exports).
    public func listRaw(_ collection: SettingsCollection, filters: [(String, String)] = [], perPage: Int = 1000)
        -> PageSequence<JSONValue, C>
    {
        PageSequence(client: self, path: Self.collectionPath(collection),
                     query: filters.map { .init(name: $0.0, value: $0.1) },
                     perPage: min(max(perPage, 1), RecordLimits.maxPerPage), maxPages: 1_000_000,
                     identify: { value in
                         switch value["id"] {
                         case .string(let s)?: RecordID(s)
                         case .number(let n)?: RecordID(n)
                         default: nil
                         }
                     },
                     fetch: { client, path, query in try await client.rawPage(path, query: query) })
    }

    /// One record by id.
    public func get<R: SettingsRecord>(_ type: R.Type, id: RecordID) async throws -> R {
        try await result(call("GET", Self.itemPath(R.collection, id), as: R.self), "GET", Self.itemPath(R.collection, id))
    }

    /// Creates a record (201). Its outcome may be unknown: see ``APIError/Kind/outcomeUnknown``.
    public func create<R: SettingsRecord>(_ record: R) async throws -> R {
        let path = Self.collectionPath(R.collection)
        return try await result(call("POST", path, body: try Self.writeBody(record), as: R.self), "POST", path)
    }

    /// Changes only the given fields (`.null` clears one).
    public func edit<R: SettingsRecord>(_ type: R.Type, id: RecordID, fields: [String: JSONValue]) async throws -> R {
        let path = Self.itemPath(R.collection, id)
        let body = try JSONEncoder.sortedKeys.encode(fields)
        return try await result(call("PATCH", path, body: Array(body), as: R.self), "PATCH", path)
    }

    /// Deletes a record and returns the id the server reports.
    @discardableResult
    public func delete<R: SettingsRecord>(_ type: R.Type, id: RecordID) async throws -> RecordID {
        let path = Self.itemPath(R.collection, id)
        return try await result(call("DELETE", path, as: IDObject.self), "DELETE", path).id
    }

    /// Applies a batch (deletes → patches → puts → posts; atomic for allow, block and trusted).
    ///
    /// Only collections with a batch endpoint have a `BatchableRecord` type, so a batch for the impersonation
    /// registry does not compile. Each array holds at most 1000 items (the API refuses more).
    public func batch<R: BatchableRecord>(_ request: BatchRequest<R>) async throws -> BatchResult<R> {
        let path = Self.collectionPath(R.collection) + "/batch"
        let encoder = JSONEncoder.writeBody
        return try await result(call("POST", path, body: Array(try encoder.encode(request)), as: BatchResult<R>.self),
                                "POST", path)
    }

    /// Replaces every mutable field of a protected domain (PUT).
    public func updateDomain(_ domain: ProtectedDomain) async throws -> ProtectedDomain {
        guard let id = domain.id else { preconditionFailure("updateDomain needs the domain's id") }
        let path = Self.itemPath(.domains, id)
        return try await result(call("PUT", path, body: try Self.writeBody(domain), as: ProtectedDomain.self),
                                "PUT", path)
    }

    /// Unprotects domains with the deprecated bulk `DELETE …/domains`, whose body is a JSON array of `{id}`.
    public func bulkDeleteDomains(_ ids: [RecordID]) async throws -> [RecordID] {
        let path = Self.collectionPath(.domains)
        let body = try JSONEncoder().encode(ids.map { IDObject(id: $0) })
        return try await result(call("DELETE", path, body: Array(body), as: [IDObject].self), "DELETE", path).map(\.id)
    }

    /// One list page parsed with the hand-written `JSONParser`: key order and number text as sent, and
    /// several times cheaper than `JSONDecoder` on Linux (exports of 100,000 records are bound by it).
    func rawPage(_ path: String, query: [(String, String)]) async throws -> (items: [JSONValue], info: ResultInfo?) {
        let (response, attempts) = try await perform("GET", path, query: query, body: nil)
        let envelope: JSONValue
        do {
            envelope = try response.body.withUnsafeBufferPointer { buffer throws(JSONParser.SyntaxError) in
                try JSONParser.parse(buffer)
            }
        } catch {
            throw APIError(kind: response.status >= 400 ? .http : .invalidResponse, method: "GET", path: path,
                           status: response.status, detail: "no JSON envelope: \(error)", attempts: attempts)
        }
        guard envelope["success"] == .bool(true), response.status < 400 else {
            // Let the typed decoder build the error with the envelope's messages.
            let _: Envelope<IgnoredResult> = try decode(response, method: "GET", path: path, attempts: attempts)
            throw APIError(kind: .invalidResponse, method: "GET", path: path, status: response.status,
                           detail: "success is not true", attempts: attempts)
        }
        let items: [JSONValue]
        switch envelope["result"] {
        case .array(let a)?: items = a
        case .null?, nil: items = []
        default:
            throw APIError(kind: .invalidResponse, method: "GET", path: path, status: response.status,
                           detail: "the list result is not an array", attempts: attempts)
        }
        func int(_ key: String) -> Int? {
            if case .number(let n)? = envelope["result_info"]?[key] { return Int(n) }
            return nil
        }
        let info = envelope["result_info"] == nil ? nil
            : ResultInfo(page: int("page"), perPage: int("per_page"), count: int("count"), totalCount: int("total_count"))
        return (items, info)
    }

    static func writeBody<R: Encodable>(_ record: R) throws -> [UInt8] {
        Array(try JSONEncoder.writeBody.encode(record))
    }

    private func result<T: Sendable>(_ envelope: Envelope<T>, _ method: String, _ path: String) throws -> T {
        guard let result = envelope.result else {
            throw APIError(kind: .invalidResponse, method: method, path: path, detail: "the envelope has no result")
        }
        return result
    }
}

/// `{"id": …}`: what deletes answer and what bulk deletes send.
package struct IDObject: Codable, Sendable, Hashable {
    public var id: RecordID
    public init(id: RecordID) { self.id = id }
}

extension JSONEncoder {
    /// An encoder for create/update bodies: read-only fields left out, `UNKNOWN` refused.
    static var writeBody: JSONEncoder {
        let e = JSONEncoder()
        e.userInfo[WireCoding.writeBodyKey] = true
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static var sortedKeys: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

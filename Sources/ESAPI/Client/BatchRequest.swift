public import ESRecords

/// A batch call's four arrays, applied by the server in the order deletes → patches → puts → posts.
///
/// Each array holds at most 1000 items (`RecordLimits.maxBatchItems`); all four are always sent.
public struct BatchRequest<R: BatchableRecord>: Encodable, Sendable {
    public var deletes: [RecordID]
    public var patches: [(id: RecordID, fields: [String: JSONValue])]
    public var puts: [R]
    public var posts: [R]

    /// A batch of up to 1000 operations of each kind, applied by the API in the order deletes, patches, puts, posts.
    public init(deletes: [RecordID] = [], patches: [(id: RecordID, fields: [String: JSONValue])] = [],
                puts: [R] = [], posts: [R] = []) {
        self.deletes = deletes
        self.patches = patches
        self.puts = puts
        self.posts = posts
    }

    /// The number of operations in the batch.
    public var count: Int { deletes.count + patches.count + puts.count + posts.count }

    enum CodingKeys: String, CodingKey { case deletes, patches, puts, posts }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deletes.map { IDOnly(id: $0) }, forKey: .deletes)
        try c.encode(patches.map { Patch(id: $0.id, fields: $0.fields) }, forKey: .patches)
        try c.encode(puts.map { WithID(record: $0) }, forKey: .puts)
        try c.encode(posts, forKey: .posts)
    }

    struct IDOnly: Encodable { var id: RecordID }

    struct Patch: Encodable {
        var id: RecordID
        var fields: [String: JSONValue]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(id, forKey: Key(stringValue: "id"))
            for (k, v) in fields.sorted(by: { $0.key < $1.key }) { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }

    /// A full record plus its id (write bodies leave the id out).
    struct WithID: Encodable {
        var record: R
        func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var c = encoder.container(keyedBy: Patch.Key.self)
            try c.encodeIfPresent(record.id, forKey: Patch.Key(stringValue: "id"))
        }
    }
}

public import ESRecords

/// What a batch call did: the ids deleted and the records patched, replaced and created.
public struct BatchResult<R: BatchableRecord>: Decodable, Sendable {
    public var deletes: [RecordID]
    public var patches: [R]
    public var puts: [R]
    public var posts: [R]

    struct IDOnly: Decodable { var id: RecordID }
    enum CodingKeys: String, CodingKey { case deletes, patches, puts, posts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        deletes = (try c.decodeIfPresent([IDOnly].self, forKey: .deletes) ?? []).map(\.id)
        patches = try c.decodeIfPresent([R].self, forKey: .patches) ?? []
        puts = try c.decodeIfPresent([R].self, forKey: .puts) ?? []
        posts = try c.decodeIfPresent([R].self, forKey: .posts) ?? []
    }
}

/// The v4 response envelope: `{success, errors, messages, result, result_info}` (`api-contract.md` §2).
package struct Envelope<Result: Decodable & Sendable>: Decodable, Sendable {
    public var success: Bool
    public var errors: [APIMessage]
    public var messages: [APIMessage]
    public var result: Result?
    public var resultInfo: ResultInfo?

    enum CodingKeys: String, CodingKey {
        case success, errors, messages, result
        case resultInfo = "result_info"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        success = try c.decode(Bool.self, forKey: .success)
        errors = try c.decodeIfPresent([APIMessage].self, forKey: .errors) ?? []
        messages = try c.decodeIfPresent([APIMessage].self, forKey: .messages) ?? []
        result = try c.decodeIfPresent(Result.self, forKey: .result)
        resultInfo = try c.decodeIfPresent(ResultInfo.self, forKey: .resultInfo)
    }
}

/// A result the caller does not need decoded (deletes answer `{id}`, which is decoded on demand).
package struct IgnoredResult: Decodable, Sendable, Hashable {
    public init(from decoder: any Decoder) throws {}
}

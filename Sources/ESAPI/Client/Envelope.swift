/// The v4 response envelope: `{success, errors, messages, result, result_info}` (`api-contract.md` §2).
public struct Envelope<Result: Decodable & Sendable>: Decodable, Sendable {
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

/// An entry of `errors[]` or `messages[]`.
public struct APIMessage: Codable, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var documentationURL: String?

    public init(code: Int, message: String, documentationURL: String? = nil) {
        self.code = code
        self.message = message
        self.documentationURL = documentationURL
    }

    enum CodingKeys: String, CodingKey {
        case code, message
        case documentationURL = "documentation_url"
    }

    public var description: String { "\(code): \(message)" }
}

/// Pagination facts of a list response; email security sends no `total_pages`.
public struct ResultInfo: Codable, Sendable, Hashable {
    public var page: Int?
    public var perPage: Int?
    public var count: Int?
    public var totalCount: Int?

    public init(page: Int?, perPage: Int?, count: Int?, totalCount: Int?) {
        self.page = page
        self.perPage = perPage
        self.count = count
        self.totalCount = totalCount
    }

    enum CodingKeys: String, CodingKey {
        case page, count
        case perPage = "per_page"
        case totalCount = "total_count"
    }
}

/// A result the caller does not need decoded (deletes answer `{id}`, which is decoded on demand).
public struct IgnoredResult: Decodable, Sendable, Hashable {
    public init(from decoder: any Decoder) throws {}
}

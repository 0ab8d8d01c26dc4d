/// An entry of `errors[]` or `messages[]`.
package struct APIMessage: Codable, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var documentationURL: String?

    /// Creates an entry of `errors[]` or `messages[]`.
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

/// An account the credential can see, as `GET /accounts` lists it.
public struct AccountSummary: Decodable, Sendable, Hashable {
    public var id: String
    public var name: String?

    /// Creates a summary.
    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

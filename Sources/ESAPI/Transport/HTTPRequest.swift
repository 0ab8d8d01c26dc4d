/// An HTTP request as the client builds it.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [Header]
    public var body: [UInt8]?

    /// Creates a request; `body` is sent as is (the client sets `content-type`).
    public init(method: String, url: String, headers: [Header] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

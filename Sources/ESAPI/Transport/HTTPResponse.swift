/// An HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [Header]
    public var body: [UInt8]

    /// Creates a response as a transport received it.
    public init(status: Int, headers: [Header] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

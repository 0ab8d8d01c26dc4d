/// One HTTP exchange, independent of the HTTP library (so tests and the emulator can stand in for it).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response.
    ///
    /// - Throws: ``TransportError``, saying whether the request may have reached the server.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}

/// An HTTP request as the client builds it.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [Header]
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [Header] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [Header]
    public var body: [UInt8]

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

/// A header name and value.
public struct Header: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A transport failure, classified by whether the server may have seen the request.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `false` only when the request certainly never left (refused connection, DNS, connect timeout).
    public var mayHaveBeenSent: Bool
    public var message: String

    public init(mayHaveBeenSent: Bool, message: String) {
        self.mayHaveBeenSent = mayHaveBeenSent
        self.message = message
    }

    public var description: String { message }
}

/// One HTTP exchange, independent of the HTTP library (so tests and the emulator can stand in for it).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response.
    ///
    /// - Throws: ``TransportError``, saying whether the request may have reached the server.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}

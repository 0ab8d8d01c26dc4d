public import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// ``HTTPTransport`` over AsyncHTTPClient: pooled connections, streaming body collection with a size cap.
public struct AsyncHTTPClientTransport: HTTPTransport {
    let client: HTTPClient
    /// Largest response body accepted (a 1000-item page of domains is well under this).
    public var maxResponseBytes: Int

    /// Uses `client` (for example `HTTPClient.shared`); the caller owns its lifetime.
    public init(client: HTTPClient, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// Sends `request` and returns the whole response, or throws ``TransportError`` saying whether it may have been
    /// sent.
    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var r = HTTPClientRequest(url: request.url)
        r.method = HTTPMethod(rawValue: request.method)
        for h in request.headers { r.headers.add(name: h.name, value: h.value) }
        if let body = request.body { r.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(r, timeout: .nanoseconds(Int64(timeout.seconds * 1e9)))
        } catch let error as HTTPClientError {
            // Its `description` quotes associated values, such as an invalid header value, which may be a
            // credential: only the short description (no values) is ever shown.
            throw TransportError(mayHaveBeenSent: !Self.certainlyNotSent(error), message: error.shortDescription)
        } catch {
            throw TransportError(mayHaveBeenSent: !Self.certainlyNotSent(error), message: "\(error)")
        }
        var headers: [Header] = []
        for (name, value) in response.headers { headers.append(Header(name, value)) }
        do {
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return HTTPResponse(status: Int(response.status.code), headers: headers,
                                body: Array(buffer.readableBytesView))
        } catch {
            // The status line arrived, so the request was processed; the body did not.
            throw TransportError(mayHaveBeenSent: true, message: "response body: \(error)")
        }
    }

    /// The HTTP client configuration esmigrate runs with: connecting has its own timeout, separate from the
    /// request deadline, and a refused connection fails the request at once instead of being retried inside
    /// the pool until the deadline (the client's own retry policy, with its log lines, takes over).
    public static func clientConfiguration(connectTimeout: Duration = .seconds(10)) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .nanoseconds(Int64(connectTimeout.seconds * 1e9))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Errors raised before a single byte of the request could have been written.
    static func certainlyNotSent(_ error: any Error) -> Bool {
        if let e = error as? HTTPClientError {
            return e == .connectTimeout || e == .socksHandshakeTimeout || e == .httpProxyHandshakeTimeout
                || e == .tlsHandshakeTimeout || e == .invalidURL || e == .emptyHost || e == .emptyScheme
                || e == .alreadyShutdown
                // Refused while the request was being built: its header values are not valid HTTP.
                || e.shortDescription.hasPrefix("Invalid header field")
        }
        // NIO's connect errors (refused, unreachable, DNS) reach us wrapped; their text is stable.
        let text = "\(error)".lowercased()
        return text.contains("connection refused") || text.contains("connectionrefused")
            || text.contains("could not resolve") || text.contains("nxdomain") || text.contains("connecttimeout")
    }
}

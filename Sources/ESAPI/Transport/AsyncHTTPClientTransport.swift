public import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``HTTPTransport`` over AsyncHTTPClient: pooled connections, streaming body collection with a size cap.
public struct AsyncHTTPClientTransport: HTTPTransport {
    let client: HTTPClient
    /// Largest response body accepted (a 1000-item page of domains is well under this).
    public var maxResponseBytes: Int

    /// The proxy `client` was configured with, named in failures (a proxy that drops the tunnel looks like
    /// a closed connection).
    package var proxy: ProxyURL?

    /// Uses `client` (for example `HTTPClient.shared`); the caller owns its lifetime. `proxy` is the one its
    /// configuration sends requests through, if any (from ``NetworkSettings/proxy(forBaseURL:)``).
    package init(client: HTTPClient, maxResponseBytes: Int = 64 << 20, proxy: ProxyURL? = nil) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
        self.proxy = proxy
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
            if let reason = Self.proxyRefusal(error) {
                throw TransportError(mayHaveBeenSent: false, message: reason, kind: .proxy)
            }
            // Its `description` quotes associated values, such as an invalid header value, which may be a
            // credential: only the short description (no values) is ever shown.
            let kind = Self.kind(of: error)
            throw TransportError(mayHaveBeenSent: !Self.certainlyNotSent(error, kind: kind), message: error.shortDescription,
                                 kind: kind, proxy: proxy?.description)
        } catch {
            if let reason = Self.tlsFailure(error) {
                // The handshake failed: no byte of the request was sent.
                throw TransportError(mayHaveBeenSent: false, message: reason, kind: .tls)
            }
            let kind = Self.kind(of: error)
            throw TransportError(mayHaveBeenSent: !Self.certainlyNotSent(error, kind: kind), message: "\(error)", kind: kind,
                                 proxy: proxy?.description)
        }
        var headers: [Header] = []
        for (name, value) in response.headers { headers.append(Header(name, value)) }
        do {
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return HTTPResponse(status: Int(response.status.code), headers: headers,
                                body: Array(buffer.readableBytesView))
        } catch {
            // The status line arrived, so the request was processed; the body did not.
            throw TransportError(mayHaveBeenSent: true, message: "response body: \(error)", kind: Self.kind(of: error))
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

    /// The HTTP client configuration for requests to `baseURL` through `network`: the system's trust roots plus
    /// the settings' CA bundle, and the proxy unless `NO_PROXY` names the base's host.
    ///
    /// - Throws: ``ConfigurationError`` of kind ``ConfigurationError/Kind/invalidNetwork`` for a CA bundle that
    ///   is not a readable PEM file.
    public static func clientConfiguration(connectTimeout: Duration = .seconds(10), network: NetworkSettings,
                                           baseURL: String) throws -> HTTPClient.Configuration {
        var configuration = clientConfiguration(connectTimeout: connectTimeout)
        var tls = TLSConfiguration.makeClientConfiguration()
        // A bundle matters only to TLS: an http:// base (a rehearsal against `serve`) never reads it.
        if let bundle = network.caFile, baseURL.lowercased().hasPrefix("https://") {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(bundle)
            } catch {
                throw ConfigurationError.invalidNetwork(source: "SSL_CERT_FILE / --ca-file",
                                                        problem: "\(bundle) is not a readable PEM bundle of certificates")
            }
            guard !certificates.isEmpty else {
                throw ConfigurationError.invalidNetwork(source: "SSL_CERT_FILE / --ca-file",
                                                        problem: "\(bundle) holds no certificate")
            }
            // Added to the system's roots, never instead of them; verification is never turned off.
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        configuration.tlsConfiguration = tls
        if let proxy = network.proxy(forBaseURL: baseURL) {
            configuration.proxy = .server(host: proxy.host, port: proxy.port,
                                          authorization: proxy.username.map { .basic(username: $0, password: proxy.password ?? "") })
        }
        return configuration
    }

    /// What failed in a TLS error, in words (never BoringSSL's raw text, which names build paths).
    static func tlsFailure(_ error: any Error) -> String? {
        if let e = error as? NIOSSLExtraError, e == .failedToValidateHostname {
            return "the server's certificate does not name this host"
        }
        guard let e = error as? NIOSSLError else { return nil }
        if case .handshakeFailed(let inner) = e {
            let text = "\(inner)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return "the server's certificate is not trusted (signed by a CA this machine does not trust, as "
                    + "with TLS inspection, self-signed, or expired)"
            }
            if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") {
                return "the server does not speak TLS on this port (an http:// endpoint?)"
            }
            return "the TLS handshake failed"
        }
        return "TLS failed (\(e))"
    }

    /// What a proxy's refusal of the tunnel means, or `nil` for other errors.
    static func proxyRefusal(_ error: HTTPClientError) -> String? {
        if error == .proxyAuthenticationRequired {
            return "the proxy asked for credentials (407): none were given, or it refused them"
        }
        if error == .invalidProxyResponse {
            return "the proxy refused the tunnel (an answer other than 200 to CONNECT: 403, 502…)"
        }
        return nil
    }

    /// What failed, from the error's type where AsyncHTTPClient and NIO give one: the one place a transport
    /// error is classified (the client then speaks of kinds, never of error text).
    static func kind(of error: any Error) -> TransportError.Kind {
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout: return .connectTimeout
            case .deadlineExceeded, .readTimeout, .writeTimeout: return .timedOut
            case .remoteConnectionClosed: return .connectionClosed
            default: break
            }
        }
        if let e = error as? IOError {
            switch e.errnoCode {
            case ECONNREFUSED: return .connectionRefused
            case ECONNRESET: return .connectionReset
            case ETIMEDOUT: return .timedOut
            default: break
            }
        }
        if let e = error as? ChannelError {
            switch e {
            case .connectTimeout: return .connectTimeout
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed: return .connectionClosed
            default: break
            }
        }
        // NIOPosix wraps a failed connect (every address tried, and the DNS answers) in an error type this
        // module does not link; its description is stable, and this is the only place that reads it.
        let text = "\(error)".lowercased()
        if text.contains("connection refused") || text.contains("connectionrefused") { return .connectionRefused }
        if text.contains("could not resolve") || text.contains("nxdomain") || text.contains("name resolution")
            || text.contains("unknown host") { return .hostNotFound }
        if text.contains("connecttimeout") || text.contains("connect timeout") { return .connectTimeout }
        if text.contains("connection reset") { return .connectionReset }
        return .network
    }

    /// Whether the request certainly never left: the connection was not made, or the request was refused
    /// while it was being built.
    static func certainlyNotSent(_ error: any Error, kind: TransportError.Kind) -> Bool {
        if kind == .connectionRefused || kind == .hostNotFound || kind == .connectTimeout { return true }
        if let e = error as? HTTPClientError {
            return e == .socksHandshakeTimeout || e == .httpProxyHandshakeTimeout || e == .tlsHandshakeTimeout
                || e == .invalidURL || e == .emptyHost || e == .emptyScheme || e == .alreadyShutdown
                // Refused while the request was being built: its header values are not valid HTTP.
                || e.shortDescription.hasPrefix("Invalid header field")
        }
        return false
    }
}

/// How requests reach the API from an enterprise network: an extra CA bundle for TLS inspection, and an HTTP
/// CONNECT proxy with the hosts that bypass it.
///
/// Read the way curl, the official SDK (httpx), rclone, restic and Terraform read them: `SSL_CERT_FILE` (or
/// `--ca-file`) adds a PEM bundle to the system's trust roots (it never replaces them, and nothing turns
/// verification off); `HTTPS_PROXY`/`https_proxy` for an `https://` API base, `HTTP_PROXY`/`http_proxy` for an
/// `http://` one (or `--proxy URL` for either); `NO_PROXY`/`no_proxy` lists hosts reached directly.
public struct NetworkSettings: Sendable, Hashable {
    /// A PEM bundle added to the system's trust roots.
    public var caFile: String?
    /// The proxy every request of an API base goes through, unless ``noProxy`` names its host.
    package var proxy: ProxyURL?
    /// Hosts reached directly: `NO_PROXY`'s rules.
    package var noProxy: NoProxyRules

    /// No proxy, the system's trust roots only.
    public init(caFile: String? = nil, proxy: ProxyURL? = nil, noProxy: NoProxyRules = NoProxyRules("")) {
        self.caFile = caFile
        self.proxy = proxy
        self.noProxy = noProxy
    }

    /// The settings for requests to `baseURL`, from the flags (which win) and the environment.
    ///
    /// - Throws: ``ConfigurationError`` of kind ``ConfigurationError/Kind/invalidNetwork`` for a proxy URL that
    ///   is not `http://[user:password@]host[:port]`.
    public static func resolve(environment: [String: String], baseURL: String, proxyFlag: String? = nil,
                               caFileFlag: String? = nil) throws -> NetworkSettings {
        func variable(_ names: String...) -> String? {
            for name in names { if let v = environment[name], !v.isEmpty { return v } }
            return nil
        }
        let https = baseURL.lowercased().hasPrefix("https://")
        let proxyText = proxyFlag ?? (https ? variable("HTTPS_PROXY", "https_proxy") : variable("HTTP_PROXY", "http_proxy"))
        let proxySource = proxyFlag != nil ? "--proxy" : (https ? "HTTPS_PROXY" : "HTTP_PROXY")
        let caFile = caFileFlag ?? variable("SSL_CERT_FILE")
        return NetworkSettings(caFile: caFile,
                               proxy: try proxyText.map { try ProxyURL(parsing: $0, source: proxySource) },
                               noProxy: NoProxyRules(variable("NO_PROXY", "no_proxy") ?? ""))
    }

    /// The proxy for requests to `host:port`: ``proxy`` unless ``noProxy`` matches the host.
    package func proxy(forHost host: String, port: Int) -> ProxyURL? {
        guard let proxy, !noProxy.matches(host: host, port: port) else { return nil }
        return proxy
    }

    /// The proxy for requests to `baseURL`: the one both the HTTP client's configuration and the transport's
    /// messages name.
    package func proxy(forBaseURL baseURL: String) -> ProxyURL? {
        Self.hostAndPort(baseURL).flatMap { proxy(forHost: $0.0, port: $0.1) }
    }

    /// The host and port of an http(s) URL (the scheme's port when none is written).
    static func hostAndPort(_ url: String) -> (String, Int)? {
        let lower = url.lowercased()
        let https = lower.hasPrefix("https://")
        guard https || lower.hasPrefix("http://") else { return nil }
        var rest = url.dropFirst(https ? 8 : 7)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let defaultPort = https ? 443 : 80
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            return (host, after.hasPrefix(":") ? Int(after.dropFirst()) ?? defaultPort : defaultPort)
        }
        if let colon = rest.lastIndex(of: ":") {
            return (String(rest[..<colon]), Int(rest[rest.index(after: colon)...]) ?? defaultPort)
        }
        return (String(rest), defaultPort)
    }
}

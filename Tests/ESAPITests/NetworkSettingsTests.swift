@testable import ESAPI
import Testing

/// Proxy URLs and NO_PROXY read as curl reads them; the credentials never shown.
@Suite("Network settings: proxy URLs and NO_PROXY")
struct NetworkSettingsTests {
    @Test("Proxy URLs: host, port (1080 by default), percent-encoded credentials, IPv6; shown without credentials")
    func proxyURLs() throws {
        let p = try ProxyURL(parsing: "http://alice:s3cret%40x@proxy.corp.example:3128/", source: "HTTPS_PROXY")
        #expect(p.host == "proxy.corp.example" && p.port == 3128)
        #expect(p.username == "alice" && p.password == "s3cret@x")
        #expect("\(p)" == "http://proxy.corp.example:3128")
        #expect(try ProxyURL(parsing: "proxy.example", source: "x").port == 1080)
        let v6 = try ProxyURL(parsing: "http://[::1]:8080", source: "x")
        #expect(v6.host == "::1" && v6.port == 8080 && "\(v6)" == "http://[::1]:8080")
        for bad in ["https://proxy:443", "socks5://proxy:1080", "http://proxy:99999", "http://:8080", "http://user:pw@"] {
            do {
                _ = try ProxyURL(parsing: bad, source: "HTTPS_PROXY")
                Issue.record("accepted \(bad)")
            } catch let e as ConfigurationError {
                #expect(e.kind == .invalidNetwork && !"\(e)".contains("pw"), "\(e)")
            }
        }
    }

    @Test("NO_PROXY: suffixes with or without a dot, ports, IPs, *, case and a trailing dot", arguments: [
        ("example.com", "api.example.com", 443, true), (".example.com", "api.example.com", 443, true),
        ("example.com", "example.com", 443, true), ("example.com", "badexample.com", 443, false),
        ("example.com:8443", "api.example.com", 443, false), ("example.com:8443", "api.example.com", 8443, true),
        ("127.0.0.1", "127.0.0.1", 80, true), ("10.0.0.1", "127.0.0.1", 80, false), ("*", "anything", 1, true),
        ("EXAMPLE.com", "Api.Example.COM.", 443, true), ("", "api.example.com", 443, false),
        (" a.example , b.example ", "x.b.example", 443, true), ("[::1]:8080", "[::1]", 8080, true),
    ])
    func noProxy(rule: String, host: String, port: Int, expected: Bool) {
        #expect(NoProxyRules(rule).matches(host: host, port: port) == expected, "\(rule) vs \(host):\(port)")
    }

    @Test("The environment: HTTPS_PROXY for an https base, HTTP_PROXY for http, flags first, NO_PROXY bypasses")
    func resolve() throws {
        let env = ["HTTPS_PROXY": "http://secure:1", "HTTP_PROXY": "http://plain:2", "NO_PROXY": "internal.example",
                   "SSL_CERT_FILE": "/etc/corp-ca.pem"]
        let https = try NetworkSettings.resolve(environment: env, baseURL: "https://api.cloudflare.com/client/v4")
        #expect(https.proxy?.host == "secure" && https.caFile == "/etc/corp-ca.pem")
        #expect(https.proxy(forHost: "api.cloudflare.com", port: 443)?.host == "secure")
        #expect(https.proxy(forHost: "api.internal.example", port: 443) == nil)
        #expect(https.proxy(forBaseURL: "https://api.cloudflare.com/client/v4")?.host == "secure")
        #expect(https.proxy(forBaseURL: "https://api.internal.example:8443/client/v4") == nil)
        let http = try NetworkSettings.resolve(environment: env, baseURL: "http://127.0.0.1:8787/client/v4")
        #expect(http.proxy?.host == "plain")
        let flag = try NetworkSettings.resolve(environment: env, baseURL: "https://x", proxyFlag: "http://flag:3",
                                               caFileFlag: "/tmp/ca.pem")
        #expect(flag.proxy?.host == "flag" && flag.caFile == "/tmp/ca.pem")
        let lower = try NetworkSettings.resolve(environment: ["https_proxy": "http://lower:4"], baseURL: "https://x")
        #expect(lower.proxy?.host == "lower")
    }
}

import Foundation

/// An HTTP CONNECT proxy, `http://[user:password@]host[:port]` (port 1080 when none is given, as curl).
///
/// Its credentials are secrets: ``description`` never shows them, and neither does any message esmigrate
/// writes.
public struct ProxyURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?

    /// Parses a proxy URL; `source` names where it came from, for the error.
    ///
    /// - Throws: ``ConfigurationError`` of kind ``ConfigurationError/Kind/invalidNetwork``; the message shows
    ///   the URL without its credentials.
    public init(parsing text: String, source: String) throws {
        var rest = Substring(text.trimmingWhitespace())
        let schemeEnd = rest.range(of: "://")
        let scheme = schemeEnd.map { rest[..<$0.lowerBound].lowercased() } ?? "http"
        if let schemeEnd { rest = rest[schemeEnd.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var userinfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        let shown = "\(scheme)://\(rest)"
        guard scheme == "http" else {
            throw ConfigurationError.invalidNetwork(source: source, problem: "the proxy \(shown) is not an http:// proxy "
                + "(esmigrate speaks HTTP CONNECT to a proxy; https:// and socks proxies are not supported)")
        }
        var host = rest, port = 1080
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else {
                    throw ConfigurationError.invalidNetwork(source: source, problem: "the proxy \(shown) has no valid port")
                }
                port = p
            }
        } else if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw ConfigurationError.invalidNetwork(source: source, problem: "the proxy \(shown) has no valid port")
            }
            host = rest[..<colon]
            port = p
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw ConfigurationError.invalidNetwork(source: source, problem: "the proxy \(shown) has no host")
        }
        self.host = String(host)
        self.port = port
        if let userinfo {
            let parts = userinfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            username = Self.percentDecoded(parts[0])
            password = parts.count > 1 ? Self.percentDecoded(parts[1]) : ""
        }
    }

    /// `http://host:port`, never the credentials.
    public var description: String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// `%40` → `@` in URL credentials, as curl reads them.
    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "%"), let h = utf8.index(i, offsetBy: 2, limitedBy: utf8.endIndex), h < utf8.endIndex,
               let value = UInt8(String(decoding: utf8[utf8.index(after: i)...h], as: UTF8.self), radix: 16) {
                bytes.append(value)
                i = utf8.index(after: h)
            } else {
                bytes.append(b)
                i = utf8.index(after: i)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

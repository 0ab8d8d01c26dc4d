/// A transport failure, classified by whether the server may have seen the request, and by what failed.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed; a struct so kinds can be added without breaking a caller's `switch`.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The network: refused, reset, timed out, a name not found.
        public static let network = Kind(rawValue: "network")
        /// TLS: the server's certificate is not trusted or does not name the host. Retrying cannot help.
        public static let tls = Kind(rawValue: "tls")
        /// The HTTP proxy refused the tunnel (407 wrong or missing credentials, 403, or another answer).
        public static let proxy = Kind(rawValue: "proxy")
    }

    /// `false` only when the request certainly never left (refused connection, DNS, connect timeout, TLS).
    public var mayHaveBeenSent: Bool
    public var message: String
    public var kind: Kind
    /// The proxy the request went through (`http://host:port`, never its credentials), for messages.
    public var proxy: String?

    /// Creates a transport failure; `mayHaveBeenSent` decides whether a write's outcome is unknown.
    public init(mayHaveBeenSent: Bool, message: String, kind: Kind = .network, proxy: String? = nil) {
        self.mayHaveBeenSent = mayHaveBeenSent
        self.message = message
        self.kind = kind
        self.proxy = proxy
    }

    public var description: String { message }
}

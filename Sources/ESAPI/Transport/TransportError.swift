public import ESRecords
/// A transport failure, classified by whether the server may have seen the request, and by what failed.
public struct TransportError: ContextualError, Hashable {
    /// What failed; a struct so kinds can be added without breaking a caller's `switch`.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The network, in a way none of the kinds below names.
        public static let network = Kind(rawValue: "network")
        /// Nothing listens at the address (never sent).
        public static let connectionRefused = Kind(rawValue: "connection_refused")
        /// The host name does not resolve (never sent).
        public static let hostNotFound = Kind(rawValue: "host_not_found")
        /// Connecting took longer than its timeout (never sent).
        public static let connectTimeout = Kind(rawValue: "connect_timeout")
        /// The answer did not come before the request's deadline (it may have been applied).
        public static let timedOut = Kind(rawValue: "timed_out")
        /// The peer reset the connection (the request may have been applied).
        public static let connectionReset = Kind(rawValue: "connection_reset")
        /// The peer closed the connection before answering (the request may have been applied).
        public static let connectionClosed = Kind(rawValue: "connection_closed")

        /// The failure in a few words, for messages; `nil` for the kinds that say it in the error's message.
        public var words: String? {
            switch self {
            case .connectionRefused: "connection refused"
            case .hostNotFound: "host name not found"
            case .connectTimeout: "connecting timed out"
            case .timedOut: "timed out"
            case .connectionReset: "connection reset"
            case .connectionClosed: "connection closed"
            default: nil
            }
        }
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
    /// None: a transport knows no file, collection or account (the client's ``APIError`` adds them).
    public var context: ErrorContext { .none }

    /// Creates a transport failure; `mayHaveBeenSent` decides whether a write's outcome is unknown.
    public init(mayHaveBeenSent: Bool, message: String, kind: Kind = .network, proxy: String? = nil) {
        self.mayHaveBeenSent = mayHaveBeenSent
        self.message = message
        self.kind = kind
        self.proxy = proxy
    }

    public var description: String { message }
}

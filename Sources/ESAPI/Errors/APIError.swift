public import ESRecords

/// A failed API call, with what a person needs to act on it and what the code needs to decide on retries.
///
/// Carries the method and path (never credentials or bodies), the HTTP status, Cloudflare's error codes and
/// messages, and a class: retryable (429, 5xx, network errors on idempotent calls), fatal (4xx), or outcome
/// unknown (a POST that may have been applied: the caller reconciles against live state before sending it
/// again).
public struct APIError: ContextualError, Hashable {
    /// How the call failed; a struct so kinds can be added without breaking a caller's `switch`.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A 4xx/5xx response, or a 2xx whose envelope says `success: false`.
        public static let http = Kind(rawValue: "http")
        /// Over the rate limit (429), after the limiter's pauses were exhausted.
        public static let rateLimited = Kind(rawValue: "rateLimited")
        /// The request never reached the server (connection refused, DNS, connect timeout).
        public static let notSent = Kind(rawValue: "notSent")
        /// A write that may or may not have been applied (timeout or reset after sending, or a 5xx to a POST).
        public static let outcomeUnknown = Kind(rawValue: "outcomeUnknown")
        /// The request was sent, but no answer came in any attempt (each timed out, or the connection broke):
        /// temporary, the same call later may succeed.
        public static let noAnswer = Kind(rawValue: "noAnswer")
        /// A stop was requested while the call waited to be sent (spacing, a 429 pause, a backoff): nothing of
        /// it reached the server.
        public static let stopped = Kind(rawValue: "stopped")
        /// TLS failed: the server's certificate is not trusted or does not name the host. Not temporary.
        public static let tls = Kind(rawValue: "tls")
        /// The HTTP proxy refused the tunnel (407 credentials, 403). Not temporary.
        public static let proxy = Kind(rawValue: "proxy")
        /// The response could not be read as the contract says.
        public static let invalidResponse = Kind(rawValue: "invalidResponse")
    }

    public var kind: Kind
    public var method: String
    public var path: String
    public var status: Int?
    package var errors: [APIMessage]
    /// Extra context: a transport message or a decoding failure (already redacted).
    public var detail: String?
    /// Attempts made before giving up.
    public var attempts: Int
    /// The account, collection and record key the call was about, where the caller knows them.
    public var context: ErrorContext

    /// Creates an API error; `context` names the account, collection or key when the caller knows them.
    package init(kind: Kind, method: String, path: String, status: Int? = nil, errors: [APIMessage] = [],
                detail: String? = nil, attempts: Int = 1, context: ErrorContext = .none) {
        self.context = context
        self.kind = kind
        self.method = method
        self.path = path
        self.status = status
        self.errors = errors
        self.detail = detail
        self.attempts = attempts
    }

    /// Whether retrying the same request later may succeed without reconciling first.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .notSent, .noAnswer, .stopped: true
        case .http: (status ?? 0) >= 500 || status == 408 || status == 409
        default: false
        }
    }

    /// Whether the resource does not exist (a 404).
    public var isNotFound: Bool { kind == .http && status == 404 }

    public var description: String {
        if kind == .tls || kind == .proxy, let detail {
            // The network path is misconfigured: what failed and what to do, nothing was sent.
            return context == .none ? detail : context.describe(detail)
        }
        if kind == .notSent || kind == .noAnswer, let detail {
            // Lead with what to fix ("cannot reach …: connection refused"); nothing was sent, so nothing changed.
            let what = kind == .notSent ? "was not sent" : "had no answer"
            let text = "\(detail) (\(method) \(path) \(what)\(attempts > 1 ? " in \(attempts) attempts" : ""))"
            return context == .none ? text : context.describe(text)
        }
        var text = "\(method) \(path)"
        if let status { text += ": HTTP \(status)" }
        switch kind {
        case .outcomeUnknown: text += ": outcome unknown (the write may have been applied)"
        case .notSent: text += ": not sent"
        case .rateLimited: text += ": rate limited"
        case .stopped: text += ": stopped before it was sent"
        case .invalidResponse: text += ": invalid response"
        default: break
        }
        if !errors.isEmpty { text += " — " + errors.map(\.description).joined(separator: "; ") }
        if let detail { text += " (\(detail))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return context == .none ? text : context.describe(text)
    }
}

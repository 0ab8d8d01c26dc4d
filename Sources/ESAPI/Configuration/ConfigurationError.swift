public import ESRecords

/// Why the API client could not be configured; each error names the variable, file or value to fix.
///
/// A struct with a ``Kind`` so kinds can be added without breaking callers. Messages name environment
/// variables and library concepts (a token file, an account id); a command line adds its own option names.
/// A credential's value is never part of an error.
public struct ConfigurationError: ContextualError, Hashable {
    /// What is wrong with the configuration.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// No credential is set anywhere.
        public static let missingCredentials = Kind(rawValue: "missing_credentials")
        /// More than one kind of credential is set (``ConfigurationError/sources`` names them).
        public static let conflictingCredentials = Kind(rawValue: "conflicting_credentials")
        /// Half of an email + key pair is set.
        public static let incompleteCredentials = Kind(rawValue: "incomplete_credentials")
        /// The token file cannot be read, is empty, or too large.
        public static let unreadableTokenFile = Kind(rawValue: "unreadable_token_file")
        /// A credential that cannot be sent as an HTTP header value (a line break, a control character…).
        public static let invalidCredential = Kind(rawValue: "invalid_credential")
        /// No account id is set.
        public static let missingAccountID = Kind(rawValue: "missing_account_id")
        /// The account id is not 1–32 letters and digits.
        public static let invalidAccountID = Kind(rawValue: "invalid_account_id")
        /// The API base is not an http(s) URL.
        public static let invalidBaseURL = Kind(rawValue: "invalid_base_url")
        /// A rate is not `N/Ws`.
        public static let invalidRate = Kind(rawValue: "invalid_rate")
        /// The shared budget ledger (or its folder) cannot be created, opened or locked.
        public static let invalidBudgetLedger = Kind(rawValue: "invalid_budget_ledger")
        /// A proxy URL or CA bundle that cannot be used.
        public static let invalidNetwork = Kind(rawValue: "invalid_network")
    }

    public var kind: Kind
    public var message: String
    /// The variables, files or settings involved (for a conflict, each one that is set).
    public var sources: [String]
    public var context: ErrorContext

    /// Creates an error of `kind`.
    public init(_ kind: Kind, _ message: String, sources: [String] = [], context: ErrorContext = .none) {
        self.kind = kind
        self.message = message
        self.sources = sources
        self.context = context
    }

    public var description: String { context.describe(message) }

    /// No credential is set.
    public static let missingCredentials = ConfigurationError(
        .missingCredentials, "no credentials: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY, "
            + "or CLOUDFLARE_API_USER_SERVICE_KEY), or give a token file")

    /// More than one kind of credential is set.
    public static func conflictingCredentials(_ sources: [String]) -> ConfigurationError {
        ConfigurationError(.conflictingCredentials, "more than one kind of credentials is set "
                            + "(\(sources.joined(separator: ", "))); keep exactly one — the official SDK would "
                            + "silently ignore the token in this situation", sources: sources)
    }

    /// Half of a pair is set.
    public static func incompleteCredentials(_ pair: String, missing: String) -> ConfigurationError {
        ConfigurationError(.incompleteCredentials, "\(pair) must be set together; \(missing) is missing",
                           sources: [missing])
    }

    /// The token file cannot be used.
    public static func unreadableTokenFile(_ path: String, reason: String) -> ConfigurationError {
        ConfigurationError(.unreadableTokenFile, "cannot read the token file: \(reason)", sources: [path],
                           context: ErrorContext(file: path))
    }

    /// A credential that cannot be sent; names where it came from and what is wrong with it, never the value.
    public static func invalidCredential(source: String, problem: String) -> ConfigurationError {
        ConfigurationError(.invalidCredential, "\(source) is not a usable credential: it \(problem). A credential "
                            + "is one line of visible ASCII characters; check how it was copied (its value is not "
                            + "shown, and nothing was sent)", sources: [source])
    }

    /// No account id is set.
    public static let missingAccountID = ConfigurationError(
        .missingAccountID, "no account: set CLOUDFLARE_ACCOUNT_ID or give an account id")

    /// A proxy URL or CA bundle (from `source`: a flag or variable) that cannot be used.
    public static func invalidNetwork(source: String, problem: String) -> ConfigurationError {
        ConfigurationError(.invalidNetwork, "\(source): \(problem)", sources: [source])
    }

    /// An account id that Cloudflare cannot have issued.
    public static func invalidAccountID(_ id: String) -> ConfigurationError {
        ConfigurationError(.invalidAccountID, "the account id '\(TextCleaning.displayable(id, limit: 40))' is not a "
                            + "Cloudflare account id (1–32 letters and digits)")
    }

    /// An API base that is not an http(s) URL.
    public static func invalidBaseURL(_ url: String) -> ConfigurationError {
        ConfigurationError(.invalidBaseURL, "the API base '\(url)' is not an http(s) URL")
    }

    /// A budget ledger that cannot be used.
    public static func invalidBudgetLedger(_ path: String, reason: String) -> ConfigurationError {
        ConfigurationError(.invalidBudgetLedger, "the shared budget ledger cannot be used: \(reason)", sources: [path],
                           context: ErrorContext(file: path))
    }

    /// A rate that is not `N/Ws`.
    public static func invalidRate(_ text: String) -> ConfigurationError {
        ConfigurationError(.invalidRate, "the rate '\(text)' is not N/Ws (for example 1080/300s, 600/60s or 10/1s)")
    }
}

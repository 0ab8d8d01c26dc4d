/// Why the API client could not be configured; every case says which variable or option to fix.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingCredentials
    case conflictingCredentials([String])
    case incompleteCredentials(String, missing: String)
    case unreadableTokenFile(String, reason: String)
    /// A credential that cannot be sent as an HTTP header value (a line break, a control character…). Names
    /// where it came from and what is wrong with it; never the value.
    case invalidCredential(source: String, problem: String)
    case missingAccountID
    case invalidAccountID(String)
    case invalidBaseURL(String)
    case invalidRate(String)

    public var description: String {
        switch self {
        case .missingCredentials:
            "no credentials: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY, or "
                + "CLOUDFLARE_API_USER_SERVICE_KEY), or pass --token-file PATH"
        case .conflictingCredentials(let sources):
            "more than one kind of credentials is set (\(sources.joined(separator: ", "))); keep exactly one — "
                + "the official SDK would silently ignore the token in this situation"
        case .incompleteCredentials(let pair, let missing):
            "\(pair) must be set together; \(missing) is missing"
        case .unreadableTokenFile(let path, let reason):
            "cannot read the token file \(path): \(reason)"
        case .invalidCredential(let source, let problem):
            "\(source) is not a usable credential: it \(problem). A credential is one line of visible ASCII "
                + "characters; check how it was copied (its value is not shown, and nothing was sent)"
        case .missingAccountID:
            "no account: set CLOUDFLARE_ACCOUNT_ID or pass --account-id"
        case .invalidAccountID(let id):
            "the account id '\(id)' is not a Cloudflare account id (1–32 letters and digits)"
        case .invalidBaseURL(let url):
            "the API base '\(url)' is not an http(s) URL"
        case .invalidRate(let text):
            "the rate '\(text)' is not N/Ws (for example 1080/300s, 600/60s or 10/1s)"
        }
    }
}

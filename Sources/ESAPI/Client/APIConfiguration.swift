/// Where and as whom the client talks to the API.
public struct APIConfiguration: Sendable {
    /// The API base, e.g. `https://api.cloudflare.com/client/v4` or an emulator's `http://127.0.0.1:8787/client/v4`.
    public var baseURL: String
    public var accountID: String
    public var credentials: Credentials
    public var budget: RateBudget
    public var backoff: Backoff
    /// Per-request timeout (the official SDK uses 60 s).
    public var timeout: Duration
    /// How many 429s a single request waits out before it fails.
    public var maxRateLimitWaits: Int
    public var userAgent: String
    /// Names the API this configuration talks to, for state kept between runs (import journals): the
    /// trimmed base URL, or a stable name for an endpoint whose URL changes from run to run (the sandbox's
    /// emulator on a free port).
    public var stateKey: String
    /// The budget shared by every process on the machine that uses these credentials (``BudgetLedger``);
    /// `nil`: this process paces itself alone.
    package var ledger: BudgetLedger?
    /// The CA bundle and proxy requests go through (``NetworkSettings/resolve(environment:baseURL:proxyFlag:caFileFlag:)``);
    /// by default the system's trust roots and no proxy.
    public var network = NetworkSettings()

    public static let defaultBaseURL = "https://api.cloudflare.com/client/v4"

    /// Checks and stores the settings of one account's API; nothing is sent until a client uses them.
    ///
    /// - Throws: ``ConfigurationError`` for a base that is not http(s) or an account id Cloudflare cannot have issued.
    public init(baseURL: String = APIConfiguration.defaultBaseURL, accountID: String, credentials: Credentials,
                budget: RateBudget = .default, backoff: Backoff = .default, timeout: Duration = .seconds(60),
                maxRateLimitWaits: Int = 20, userAgent: String = "esmigrate") throws {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("http://") || base.hasPrefix("https://"), base.count > 8 else {
            throw ConfigurationError.invalidBaseURL(baseURL)
        }
        guard Self.isAccountID(accountID) else { throw ConfigurationError.invalidAccountID(accountID) }
        try credentials.validate()
        self.baseURL = base
        self.accountID = accountID
        self.credentials = credentials
        self.budget = budget
        self.backoff = backoff
        self.timeout = timeout
        self.maxRateLimitWaits = maxRateLimitWaits
        self.userAgent = userAgent
        self.stateKey = base
    }

    /// Builds the configuration the way the official SDKs do: flags first, then `CLOUDFLARE_BASE_URL`,
    /// `CLOUDFLARE_ACCOUNT_ID` and the credential variables (see `CredentialSource`).
    public static func resolve(environment: [String: String], baseURL: String? = nil, accountID: String? = nil,
                               tokenFile: String? = nil, budget: RateBudget = .default) throws -> APIConfiguration {
        let credentials = try CredentialSource.resolve(environment: environment, tokenFile: tokenFile)
        guard let account = accountID ?? environment["CLOUDFLARE_ACCOUNT_ID"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ConfigurationError.missingAccountID
        }
        let base = baseURL ?? environment["CLOUDFLARE_BASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) ?? defaultBaseURL
        return try APIConfiguration(baseURL: base, accountID: account, credentials: credentials, budget: budget)
    }

    /// Whether `id` can be a Cloudflare account id: 1–32 ASCII letters and digits. The one rule for every id
    /// esmigrate uses, typed or listed by the API, before it becomes part of a URL or a folder name.
    public static func isAccountID(_ id: String) -> Bool {
        (1...32).contains(id.utf8.count) && id.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) }
    }

    /// `…/accounts/{account_id}/email-security/settings`.
    public var settingsURL: String { "\(baseURL)/accounts/\(accountID)/email-security/settings" }
}

import ESRecords

/// A request budget: `limit` requests per `window`, as `--rate 1080/300s` writes it.
public struct RateBudget: Sendable, Hashable, CustomStringConvertible {
    public var limit: Int
    public var window: Duration
    /// Requests that may go out back to back before pacing starts.
    public var burst: Int

    /// Cloudflare's documented global limit: 1200 requests per 5 minutes per user.
    public static let cloudflareGlobal = RateBudget(limit: 1200, window: .seconds(300), burst: 1)
    /// The default: the global limit less a 10 % safety margin, shared with the dashboard and other tools.
    public static let `default` = RateBudget(limit: 1080, window: .seconds(300), burst: 10)

    /// A budget of `limit` requests per `window`, of which `burst` may go back to back.
    public init(limit: Int, window: Duration, burst: Int = 1) {
        precondition(limit > 0 && window > .zero && burst >= 1, "invalid rate budget")
        self.limit = limit
        self.window = window
        self.burst = burst
    }

    /// Parses `N/Ws`, `N/Wm`, `N/W` (seconds) — e.g. `1080/300s`, `600/60s`, `20/1s`, `1200/5m`.
    public init(parsing text: String, burst: Int = 1) throws {
        guard let (limit, window) = RateText.parse(text) else { throw ConfigurationError.invalidRate(text) }
        self.init(limit: limit, window: window, burst: max(1, burst))
    }

    /// The spacing between requests at the sustained rate (GCRA's emission interval T).
    public var interval: Duration { window / limit }

    public var description: String {
        "\(limit)/\(window.components.seconds)s"
    }
}

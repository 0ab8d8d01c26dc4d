import ESRecords

/// The emulator's request budget per credential: `limit` requests per `window` (`serve --rate 1200/300s`).
///
/// The emulator's own type, not the client's `RateBudget`: the server side is written from the contract's
/// description of Cloudflare's limit (§6), so that a mistake in the client's pacing is caught, not mirrored.
public struct ServerRate: Sendable, Hashable, CustomStringConvertible {
    public var limit: Int
    public var window: Duration

    /// Cloudflare's documented limit: 1200 requests per 5 minutes per user.
    public static let cloudflare = ServerRate(limit: 1200, window: .seconds(300))

    /// A budget of `limit` (> 0) requests per `window` (> 0).
    public init(limit: Int, window: Duration) {
        precondition(limit > 0 && window > .zero, "invalid server rate")
        self.limit = limit
        self.window = window
    }

    /// Parses `N/W` with the window in `ms`, `s` (the default unit), `m` or `h`: `1200/300s`, `60/20s`, `10/1`.
    public init(parsing text: String) throws(EmulatorOptionError) {
        guard let (limit, window) = RateText.parse(text) else { throw EmulatorOptionError(text: text, expected: "a rate N/Ws (for example 1200/300s or 60/20s)") }
        self.init(limit: limit, window: window)
    }

    /// GCRA's emission interval: the spacing of requests at the sustained rate.
    public var interval: Duration { window / limit }

    public var description: String { "\(limit)/\(window.components.seconds)s" }
}

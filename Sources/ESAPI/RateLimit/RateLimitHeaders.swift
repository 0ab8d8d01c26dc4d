/// The rate-limit headers Cloudflare sends (`api-contract.md` §5).
///
/// `Ratelimit: "default";r=50;t=30` — `r` requests remain for the next `t` seconds;
/// `Ratelimit-Policy: "burst";q=100;w=60` — a quota of `q` requests per `w` seconds;
/// `retry-after: 300` on a 429 — seconds to wait (also beyond 60, which the official SDK ignores).
public struct RateLimitHeaders: Sendable, Hashable {
    public var remaining: Int?
    public var resetSeconds: Int?
    public var quota: Int?
    public var quotaWindowSeconds: Int?
    public var retryAfterSeconds: Double?

    /// Creates the rate-limit state a response's headers describe.
    public init(remaining: Int? = nil, resetSeconds: Int? = nil, quota: Int? = nil, quotaWindowSeconds: Int? = nil,
                retryAfterSeconds: Double? = nil) {
        self.remaining = remaining
        self.resetSeconds = resetSeconds
        self.quota = quota
        self.quotaWindowSeconds = quotaWindowSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Parses the headers of a response (names are case-insensitive).
    public init(headers: [(name: String, value: String)]) {
        for (name, value) in headers {
            switch name.lowercased() {
            case "ratelimit":
                let p = Self.parameters(value)
                remaining = p["r"].flatMap(Int.init)
                resetSeconds = p["t"].flatMap(Int.init)
            case "ratelimit-policy":
                let p = Self.parameters(value)
                quota = p["q"].flatMap(Int.init)
                quotaWindowSeconds = p["w"].flatMap(Int.init)
            case "retry-after":
                retryAfterSeconds = Double(value.trimmingWhitespace())
            case "retry-after-ms":
                if let ms = Double(value.trimmingWhitespace()) { retryAfterSeconds = ms / 1000 }
            default:
                break
            }
        }
    }

    /// `"name";k=v;k=v` → `[k: v]` (structured-field parameters, first list member only).
    static func parameters(_ value: String) -> [String: String] {
        let member = value.split(separator: ",").first ?? ""
        var out: [String: String] = [:]
        for part in member.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            out[String(kv[0]).trimmingWhitespace()] = String(kv[1]).trimmingWhitespace()
        }
        return out
    }
}

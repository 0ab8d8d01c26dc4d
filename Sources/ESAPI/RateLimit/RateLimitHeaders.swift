public import Foundation

/// The rate-limit headers Cloudflare sends (`api-contract.md` §5), parsed into bounded values.
///
/// `Ratelimit: "default";r=50;t=30` — `r` requests remain for the next `t` seconds;
/// `Ratelimit-Policy: "burst";q=100;w=60` — a quota of `q` requests per `w` seconds;
/// `retry-after: 300` on a 429 — seconds to wait (also beyond 60, which the official SDK ignores), or an
/// HTTP date.
///
/// A proxy, a gateway or a future API change may send anything, and none of it may stop a run: a value that is
/// not a non-negative number (`nan`, `inf`, `-1`, `abc`) is treated as absent and listed in ``ignored``; a wait
/// longer than ``longestWait`` (one hour) is cut to it and listed in ``capped``, for the client to log.
package struct RateLimitHeaders: Sendable, Hashable {
    /// The longest wait a header can impose: one hour. Cloudflare's window is five minutes and its longest
    /// documented lockout as long; a longer wait is a misbehaving server, not a plan.
    public static let longestWait: Duration = .seconds(3600)
    /// The largest request count taken from a header.
    static let largestCount = 1_000_000_000

    /// Requests left in the current window (`Ratelimit`'s `r`).
    public var remaining: Int?
    /// When the current window ends (`Ratelimit`'s `t`), at most ``longestWait``.
    public var reset: Duration?
    /// Requests allowed per ``quotaWindow`` (`Ratelimit-Policy`'s `q`), at least 1.
    public var quota: Int?
    /// The window of ``quota`` (`Ratelimit-Policy`'s `w`), more than zero and at most ``longestWait``.
    public var quotaWindow: Duration?
    /// How long a 429 asks to wait (`retry-after`, `retry-after-ms`), at most ``longestWait``.
    public var retryAfter: Duration?
    /// The headers whose value asked for more than ``longestWait`` and was cut to it, as `name: value`.
    public var capped: [String] = []
    /// The headers whose value was not a number in range and was ignored, as `name: value`.
    public var ignored: [String] = []

    /// Creates the rate-limit state a response's headers describe.
    public init(remaining: Int? = nil, reset: Duration? = nil, quota: Int? = nil, quotaWindow: Duration? = nil,
                retryAfter: Duration? = nil) {
        self.remaining = remaining
        self.reset = reset
        self.quota = quota
        self.quotaWindow = quotaWindow
        self.retryAfter = retryAfter
    }

    /// Parses the headers of a response (names are case-insensitive); `now` dates an HTTP-date `retry-after`.
    public init(headers: [(name: String, value: String)], now: Date = Date()) {
        for (name, value) in headers {
            let shown = "\(name): \(value.prefix(80))"
            switch name.lowercased() {
            case "ratelimit":
                let p = Self.parameters(value)
                remaining = count(p["r"], allowZero: true, shown)
                reset = wait(p["t"], unit: 1, allowZero: false, shown)
            case "ratelimit-policy":
                let p = Self.parameters(value)
                quota = count(p["q"], allowZero: false, shown)
                quotaWindow = wait(p["w"], unit: 1, allowZero: false, shown)
            case "retry-after":
                let text = value.trimmingWhitespace()
                if let date = Self.httpDate(text) {
                    retryAfter = wait(String(max(0, date.timeIntervalSince(now))), unit: 1, allowZero: true, shown)
                } else {
                    retryAfter = wait(text, unit: 1, allowZero: true, shown)
                }
            case "retry-after-ms":
                retryAfter = wait(value.trimmingWhitespace(), unit: 0.001, allowZero: true, shown)
            default:
                break
            }
        }
    }

    /// A finite, non-negative number of `unit` seconds as a duration of at most ``longestWait``, or `nil`.
    private mutating func wait(_ text: String?, unit: Double, allowZero: Bool, _ shown: String) -> Duration? {
        guard let text else { return nil }
        guard let number = Self.number(text), allowZero || number > 0 else {
            ignored.append(shown)
            return nil
        }
        let seconds = number * unit
        if seconds > Self.longestWait.seconds {
            capped.append(shown)
            return Self.longestWait
        }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// A finite, non-negative whole count of at most ``largestCount``, or `nil`.
    private mutating func count(_ text: String?, allowZero: Bool, _ shown: String) -> Int? {
        guard let text else { return nil }
        guard let number = Self.number(text), number == number.rounded(), allowZero || number >= 1 else {
            ignored.append(shown)
            return nil
        }
        return Int(min(number, Double(Self.largestCount)))
    }

    /// A decimal number written with digits and at most one point (no sign, exponent, `nan` or `inf`).
    static func number(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.count <= 64,
              text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }),
              text.utf8.filter({ $0 == UInt8(ascii: ".") }).count <= 1,
              let value = Double(text), value.isFinite, value >= 0
        else { return nil }
        return value
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the HTTP-date form of `retry-after`.
    static func httpDate(_ text: String) -> Date? {
        guard text.hasSuffix("GMT"), text.count < 40 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
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

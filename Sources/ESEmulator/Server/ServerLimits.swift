/// How long the emulator waits for a client, and how many connections it keeps, like a production server.
///
/// Without limits, a client that opens connections and sends nothing (or a header a byte a minute) holds
/// them forever. Defaults follow common servers (nginx: 60 s body and 75 s keep-alive timeouts).
public struct ServerLimits: Sendable, Hashable {
    /// From a request's first byte to the end of its header block.
    public var headerTimeout: Duration = .seconds(20)
    /// From the end of the header block to the end of the body.
    public var bodyTimeout: Duration = .seconds(60)
    /// With no request under way: a new connection that sends nothing, or a kept-alive one between requests.
    /// Longer than clients' own pool timeouts (AsyncHTTPClient: 60 s), so the server does not close a
    /// connection a client is about to reuse.
    public var idleTimeout: Duration = .seconds(75)
    /// Open connections at most; the next one is answered 503 and closed.
    public var maxConnections = 256
    /// The largest request body (a batch of 4 × 1000 records fits well within it); a larger one is
    /// answered 413.
    public static let maxBodyBytes = 32 << 20
    /// The request bodies held at once across all connections: 256 MiB by default (eight bodies at the cap);
    /// past it a request is answered 503 with `retry-after: 1`.
    public var maxBodyBytesInFlight = 256 << 20

    /// The defaults: generous for tests, strict enough to refuse slow or oversized requests.
    public init() {}

    /// Parses `500ms`, `20s`, `1.5s` or `2m` (a number and a unit).
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 1e-3), ("s", 1), ("m", 60)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            let number = text.dropLast(unit.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), value.isFinite, value > 0, value * scale <= 86_400 else { return nil }
            return .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        return nil
    }
}

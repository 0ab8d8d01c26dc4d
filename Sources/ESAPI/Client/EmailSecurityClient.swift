import ESRecords
import Foundation
public import Logging
import Synchronization

/// The Cloudflare Email Security settings API: all 31 endpoints of `api-contract.md` §7.0, typed with the
/// ESRecords models, through one shared rate limiter, with retries that never duplicate a write.
public final class EmailSecurityClient<C: Clock>: Sendable where C.Duration == Duration {
    public let configuration: APIConfiguration
    public let limiter: RateLimiter<C>
    let transport: any HTTPTransport
    let clock: C
    let logger: Logger
    let jitter: JitterSource
    private let callCounter = Atomic<UInt64>(0)
    private let stats = Mutex(CallStatistics())

    /// Counters of what the client did, for reports and benchmarks.
    public struct CallStatistics: Sendable, Hashable {
        public var requests = 0
        public var rateLimited = 0
        public var retries = 0
        public var outcomeUnknown = 0
    }

    /// A client of one account's settings, sending through `transport`, pacing with `clock`, logging to `logger`.
    ///
    /// - Parameters:
    ///   - configuration: the account, credentials, budget, retries and timeout.
    ///   - transport: how requests are sent (``AsyncHTTPClientTransport`` in production).
    ///   - clock: the clock the limiter and the retries pace and sleep with (a manual one in tests).
    ///   - logger: where retries, pauses and failures are logged; credentials are never logged.
    ///   - jitter: the random source of retry jitter; tests pass a seeded one so schedules repeat.
    ///   - limiter: a limiter shared with other clients of the same credential (one per account of a fleet, in
    ///     one process); by default the client has its own, from the configuration's budget and ledger.
    public init(configuration: APIConfiguration, transport: any HTTPTransport, clock: C, logger: Logger,
                jitter: JitterSource = .system, limiter: RateLimiter<C>? = nil) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.jitter = jitter
        self.limiter = limiter ?? RateLimiter(budget: configuration.budget, clock: clock, ledger: configuration.ledger)
    }

    /// A client of `account` with this client's credential, transport, clock and limiter: the accounts of a
    /// fleet share one budget.
    ///
    /// - Throws: ``ConfigurationError`` when `account` is not an account id.
    public func forAccount(_ account: String) throws -> EmailSecurityClient<C> {
        var configuration = configuration
        guard (1...32).contains(account.count), account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { throw ConfigurationError.invalidAccountID(account) }
        configuration.accountID = account
        return EmailSecurityClient(configuration: configuration, transport: transport, clock: clock,
                                   logger: logger.with(account: account), jitter: jitter, limiter: limiter)
    }

    /// What the client has done so far.
    public var statistics: CallStatistics { stats.withLock { $0 } }

    // MARK: - Calls

    /// Sends one call under the limiter and the retry policy and returns its envelope.
    ///
    /// - 429: every task pauses for `retry-after`, then the call is sent again (POST included: a 429 is
    ///   refused before processing).
    /// - Not sent (connection refused…): retried with backoff.
    /// - 5xx or a network error after sending: GET, PUT, PATCH and DELETE are retried with jittered backoff;
    ///   a POST is not — it fails with ``APIError/Kind/outcomeUnknown`` for the caller to reconcile.
    /// - Any other 4xx, or `success: false` even with a 2xx: fails at once.
    public func call<T: Decodable & Sendable>(_ method: String, _ path: String, query: [(String, String)] = [],
                                              body: [UInt8]? = nil, as: T.Type = T.self) async throws -> Envelope<T> {
        let (response, attempts) = try await perform(method, path, query: query, body: body)
        return try decode(response, method: method, path: path, attempts: attempts)
    }

    /// Sends one call under the limiter and the retry policy (see ``call(_:_:query:body:as:)``) and returns
    /// the final response (any status below 500 but 429) and the attempts it took.
    func perform(_ method: String, _ path: String, query: [(String, String)], body: [UInt8]?,
                 fromBase: Bool = false) async throws -> (HTTPResponse, Int)
    {
        let request = buildRequest(method, path, query: query, body: body, fromBase: fromBase)
        let callNumber = callCounter.add(1, ordering: .relaxed).newValue
        var random = jitter.generator(call: callNumber)
        let backoff = configuration.backoff
        let isPost = method == "POST"
        var attempt = 0, rateWaits = 0
        while true {
            attempt += 1
            try await limiter.acquire()
            stats.withLock { $0.requests += 1 }
            let response: HTTPResponse
            do {
                response = try await transport.send(request, timeout: configuration.timeout)
            } catch let error as TransportError {
                let detail = configuration.credentials.redacted(error.message)
                if error.mayHaveBeenSent && isPost {
                    stats.withLock { $0.outcomeUnknown += 1 }
                    throw APIError(kind: .outcomeUnknown, method: method, path: path, detail: detail, attempts: attempt)
                }
                if !error.mayHaveBeenSent {
                    let reason = "cannot reach \(configuration.baseURL): \(Self.connectFailure(detail))"
                    guard attempt < min(backoff.maxAttempts, backoff.maxAttemptsNotSent) else {
                        throw APIError(kind: .notSent, method: method, path: path, detail: reason, attempts: attempt)
                    }
                    try await retryPause(backoff, attempt: attempt, random: &random, reason: reason, method, path)
                    continue
                }
                guard attempt < backoff.maxAttempts else {
                    // The last attempt of a write may have been applied: the caller must reconcile, not give up.
                    if method != "GET" {
                        stats.withLock { $0.outcomeUnknown += 1 }
                        throw APIError(kind: .outcomeUnknown, method: method, path: path, detail: detail, attempts: attempt)
                    }
                    throw APIError(kind: .http, method: method, path: path, detail: detail, attempts: attempt)
                }
                try await retryPause(backoff, attempt: attempt, random: &random, reason: detail, method, path)
                continue
            }
            await limiter.observe(RateLimitHeaders(headers: response.headers.map { ($0.name, $0.value) }))
            if response.status == 429 {
                rateWaits += 1
                stats.withLock { $0.rateLimited += 1 }
                guard rateWaits <= configuration.maxRateLimitWaits else {
                    throw APIError(kind: .rateLimited, method: method, path: path, status: 429,
                                   errors: decodeErrors(response.body), attempts: attempt)
                }
                let retryAfter = RateLimitHeaders(headers: response.headers.map { ($0.name, $0.value) })
                    .retryAfterSeconds.map { Duration.milliseconds(Int64($0 * 1000)) } ?? configuration.budget.interval
                await limiter.pause(for: retryAfter)
                // Logged once the pause is recorded (in the budget ledger too), so a reader of this line knows
                // that every process sharing the ledger now waits.
                logger.notice("rate limited; all requests pause", metadata: [
                    "method": "\(method)", "path": "\(path)", "retry_after_s": "\(retryAfter.seconds)"])
                continue
            }
            if response.status >= 500 {
                if isPost {
                    stats.withLock { $0.outcomeUnknown += 1 }
                    throw APIError(kind: .outcomeUnknown, method: method, path: path, status: response.status,
                                   errors: decodeErrors(response.body), attempts: attempt)
                }
                guard attempt < backoff.maxAttempts else {
                    throw APIError(kind: .http, method: method, path: path, status: response.status,
                                   errors: decodeErrors(response.body), attempts: attempt)
                }
                try await retryPause(backoff, attempt: attempt, random: &random, reason: "HTTP \(response.status)",
                                     method, path)
                continue
            }
            return (response, attempt)
        }
    }

    private func retryPause(_ backoff: Backoff, attempt: Int, random: inout any RandomNumberGenerator,
                            reason: String, _ method: String, _ path: String) async throws {
        let delay = backoff.delay(retry: attempt - 1, using: &random)
        stats.withLock { $0.retries += 1 }
        // At the default level: a run that waits on retries must say so, or it looks like a hang.
        logger.notice("retrying in \(String(format: "%.1f", delay.seconds)) s (attempt \(attempt + 1)): \(reason)",
                      metadata: ["method": "\(method)", "path": "\(path)"])
        try await clock.sleep(for: delay)
    }

    /// A transport's connect failure in a few words: "connection refused", "host not found"…
    static func connectFailure(_ detail: String) -> String {
        let text = detail.lowercased()
        if text.contains("connection refused") || text.contains("connectionrefused") { return "connection refused" }
        if text.contains("could not resolve") || text.contains("nxdomain") || text.contains("name resolution")
            || text.contains("unknown host") { return "host name not found" }
        if text.contains("connect timeout") || text.contains("connecttimeout") { return "connecting timed out" }
        return detail
    }

    func decode<T: Decodable & Sendable>(_ response: HTTPResponse, method: String, path: String,
                                         attempts: Int) throws -> Envelope<T> {
        let envelope: Envelope<T>
        do {
            envelope = try JSONDecoder().decode(Envelope<T>.self, from: Data(response.body))
        } catch {
            if response.status >= 400 {
                throw APIError(kind: .http, method: method, path: path, status: response.status,
                               detail: "no JSON envelope", attempts: attempts)
            }
            throw APIError(kind: .invalidResponse, method: method, path: path, status: response.status,
                           detail: "\(error)", attempts: attempts)
        }
        guard envelope.success, response.status < 400 else {
            throw APIError(kind: .http, method: method, path: path, status: response.status, errors: envelope.errors,
                           attempts: attempts)
        }
        return envelope
    }

    private func decodeErrors(_ body: [UInt8]) -> [APIMessage] {
        (try? JSONDecoder().decode(Envelope<IgnoredResult>.self, from: Data(body)))?.errors ?? []
    }

    /// The request for `path` under the account's settings, or under the API base when `fromBase`.
    func buildRequest(_ method: String, _ path: String, query: [(String, String)], body: [UInt8]?,
                      fromBase: Bool = false) -> HTTPRequest {
        var url = (fromBase ? configuration.baseURL : configuration.settingsURL) + path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        }
        var headers = configuration.credentials.headers.map { Header($0.name, $0.value) }
        headers.append(Header("Accept", "application/json"))
        headers.append(Header("User-Agent", configuration.userAgent))
        if body != nil { headers.append(Header("Content-Type", "application/json")) }
        return HTTPRequest(method: method, url: url, headers: headers, body: body)
    }

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }
}

extension Logger {
    /// This logger with `account` in its metadata (a fleet's lines say which account they are about).
    public func with(account: String) -> Logger {
        var copy = self
        copy[metadataKey: "account"] = "\(account)"
        return copy
    }
}

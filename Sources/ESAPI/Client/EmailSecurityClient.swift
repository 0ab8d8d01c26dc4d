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
    /// When requested, every wait of this client (spacing, 429 pause, backoff) ends at once and its call
    /// fails with ``APIError/Kind/stopped``; requests already sent finish.
    public let stop: StopSignal?
    /// The counters, shared with the copies ``stopping(on:)`` makes (one client's work, however it is bound).
    private let shared: Shared

    /// What a client and its stop-bound copies count together.
    private final class Shared: Sendable {
        let callCounter = Atomic<UInt64>(0)
        let stats = Mutex(CallStatistics())
        /// Odd rate-limit header values already logged (at most 64), so a server that sends one on every
        /// response is reported once.
        let reported = Mutex(Set<String>())
    }

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
    ///   - stop: ends the client's waits when requested (see ``stopping(on:)``).
    public convenience init(configuration: APIConfiguration, transport: any HTTPTransport, clock: C, logger: Logger,
                jitter: JitterSource = .system, limiter: RateLimiter<C>? = nil, stop: StopSignal? = nil) {
        self.init(configuration: configuration, transport: transport, clock: clock, logger: logger, jitter: jitter,
                  limiter: limiter, stop: stop, shared: Shared())
    }

    private init(configuration: APIConfiguration, transport: any HTTPTransport, clock: C, logger: Logger,
                 jitter: JitterSource, limiter: RateLimiter<C>?, stop: StopSignal?, shared: Shared) {
        self.shared = shared
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.jitter = jitter
        self.stop = stop
        self.limiter = limiter ?? RateLimiter(budget: configuration.budget, clock: clock, ledger: configuration.ledger,
                                              logger: logger)
    }

    /// This client (same credential, transport, clock and limiter) with its waits bound to `stop`: once the
    /// stop is requested, a call that has not been sent yet fails at once with ``APIError/Kind/stopped``
    /// instead of waiting out a pause, while calls already on the wire finish. The copy counts into this
    /// client's ``statistics``.
    public func stopping(on stop: StopSignal) -> EmailSecurityClient<C> {
        EmailSecurityClient(configuration: configuration, transport: transport, clock: clock, logger: logger,
                            jitter: jitter, limiter: limiter, stop: stop, shared: shared)
    }

    /// A client of `account` with this client's credential, transport, clock and limiter: the accounts of a
    /// fleet share one budget.
    ///
    /// - Throws: ``ConfigurationError`` when `account` is not an account id.
    public func forAccount(_ account: String) throws -> EmailSecurityClient<C> {
        var configuration = configuration
        guard APIConfiguration.isAccountID(account) else { throw ConfigurationError.invalidAccountID(account) }
        configuration.accountID = account
        return EmailSecurityClient(configuration: configuration, transport: transport, clock: clock,
                                   logger: logger.with(account: account), jitter: jitter, limiter: limiter, stop: stop)
    }

    /// What the client has done so far.
    public var statistics: CallStatistics { shared.stats.withLock { $0 } }

    // MARK: - Calls

    /// Sends one call under the limiter and the retry policy and returns its envelope.
    ///
    /// - 429: every task pauses for `retry-after`, then the call is sent again (POST included: a 429 is
    ///   refused before processing).
    /// - Not sent (connection refused…): retried with backoff.
    /// - 5xx or a network error after sending: GET, PUT, PATCH and DELETE are retried with jittered backoff;
    ///   a POST is not — it fails with ``APIError/Kind/outcomeUnknown`` for the caller to reconcile.
    /// - Any other 4xx, or `success: false` even with a 2xx: fails at once.
    package func call<T: Decodable & Sendable>(_ method: String, _ path: String, query: [(String, String)] = [],
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
        let callNumber = shared.callCounter.add(1, ordering: .relaxed).newValue
        var random = jitter.generator(call: callNumber)
        let backoff = configuration.backoff
        var attempt = 0, rateWaits = 0
        // Whether an earlier attempt may have reached the server: a stop then leaves a write's outcome unknown.
        var maybeSent = false
        /// The error for a call whose wait a stop ended.
        func stopped() -> APIError {
            if maybeSent && method != "GET" {
                shared.stats.withLock { $0.outcomeUnknown += 1 }
                return APIError(kind: .outcomeUnknown, method: method, path: path,
                                detail: "stopped while waiting to retry", attempts: attempt)
            }
            return APIError(kind: .stopped, method: method, path: path, attempts: attempt)
        }
        while true {
            attempt += 1
            guard try await limiter.acquire(unless: stop) else { throw stopped() }
            shared.stats.withLock { $0.requests += 1 }
            let next: Next
            do {
                let response = try await transport.send(request, timeout: configuration.timeout)
                next = await after(response, method: method, path: path, attempt: attempt, rateWaits: &rateWaits,
                                   maybeSent: &maybeSent)
            } catch let error as TransportError {
                // A cancelled task's request is not a network failure to retry.
                try Task.checkCancellation()
                next = after(error, method: method, path: path, attempt: attempt, maybeSent: &maybeSent)
            }
            switch next {
            case .answer(let response):
                return (response, attempt)
            case .again:
                continue
            case .retry(let reason):
                guard try await retryPause(backoff, attempt: attempt, random: &random, reason: reason, method, path)
                else { throw stopped() }
            case .fail(let error):
                throw error
            }
        }
    }

    /// What a call does after one attempt.
    private enum Next {
        /// The final response: below 500 and not 429.
        case answer(HTTPResponse)
        /// Try again at once (after a 429 pause, which the limiter holds).
        case again
        /// Try again after the backoff pause, for this reason.
        case retry(String)
        case fail(APIError)
    }

    /// The next step after a transport failure: TLS and proxy refusals fail at once, a write that may have been
    /// sent is an unknown outcome, anything else is retried within the backoff's attempts.
    private func after(_ error: TransportError, method: String, path: String, attempt: Int, maybeSent: inout Bool)
        -> Next
    {
        let backoff = configuration.backoff
        let detail = configuration.credentials.redacted(error.message)
        let via = error.proxy.map { " through the proxy \($0)" } ?? ""
        func fail(_ kind: APIError.Kind, _ detail: String) -> Next {
            if kind == .outcomeUnknown { shared.stats.withLock { $0.outcomeUnknown += 1 } }
            return .fail(APIError(kind: kind, method: method, path: path, detail: detail, attempts: attempt))
        }
        switch error.kind {
        case .tls:
            // Retrying a handshake cannot make a certificate trusted: fail at once, saying what to do.
            return fail(.tls, "TLS to \(Self.host(configuration.baseURL)) failed: \(detail); if your network inspects "
                + "TLS, set SSL_CERT_FILE (or --ca-file) to your company's root CA bundle; on a minimal system, install "
                + "ca-certificates")
        case .proxy:
            return fail(.proxy, "the proxy on the way to \(Self.host(configuration.baseURL)) refused: \(detail); check "
                + "HTTPS_PROXY or --proxy (credentials in the URL: http://user:password@host:port) and NO_PROXY")
        default:
            break
        }
        if error.mayHaveBeenSent && method == "POST" { return fail(.outcomeUnknown, detail) }
        if !error.mayHaveBeenSent {
            let reason = "cannot reach \(configuration.baseURL)\(via): \(error.kind.words ?? detail)"
            guard attempt < min(backoff.maxAttempts, backoff.maxAttemptsNotSent) else { return fail(.notSent, reason) }
            return .retry(reason)
        }
        maybeSent = true
        let reason = "no answer from \(configuration.baseURL)\(via) (\(error.kind.words ?? detail))"
        guard attempt < backoff.maxAttempts else {
            // The last attempt of a write may have been applied: the caller must reconcile, not give up.
            if method != "GET" { return fail(.outcomeUnknown, reason) }
            return fail(.noAnswer, reason + ", each attempt given \(Self.seconds(configuration.timeout)) (--timeout)")
        }
        return .retry(reason)
    }

    /// The next step after a response: a 429 pauses every request (up to `maxRateLimitWaits` times), a 5xx is
    /// retried (an unknown outcome for a POST), anything else is the answer.
    private func after(_ response: HTTPResponse, method: String, path: String, attempt: Int, rateWaits: inout Int,
                       maybeSent: inout Bool) async -> Next
    {
        let headers = RateLimitHeaders(headers: response.headers.map { ($0.name, $0.value) })
        reportOddities(headers, method: method, path: path)
        await limiter.observe(headers)
        func fail(_ kind: APIError.Kind) -> Next {
            if kind == .outcomeUnknown { shared.stats.withLock { $0.outcomeUnknown += 1 } }
            return .fail(APIError(kind: kind, method: method, path: path, status: response.status,
                                  errors: decodeErrors(response.body), attempts: attempt))
        }
        if response.status == 429 {
            rateWaits += 1
            shared.stats.withLock { $0.rateLimited += 1 }
            guard rateWaits <= configuration.maxRateLimitWaits else { return fail(.rateLimited) }
            let retryAfter = headers.retryAfter ?? configuration.budget.interval
            await limiter.pause(for: retryAfter)
            // Logged once the pause is recorded (in the budget ledger too), so a reader of this line knows
            // that every process sharing the ledger now waits.
            logger.notice("rate limited; all requests pause", metadata: [
                "method": "\(method)", "path": "\(path)", "retry_after_s": "\(retryAfter.seconds)"])
            return .again
        }
        guard response.status >= 500 else { return .answer(response) }
        if method == "POST" { return fail(.outcomeUnknown) }
        maybeSent = true
        guard attempt < configuration.backoff.maxAttempts else { return fail(.http) }
        return .retry("HTTP \(response.status)")
    }

    /// Logs rate-limit header values that were out of range (capped) or nonsense (ignored), once per value.
    private func reportOddities(_ headers: RateLimitHeaders, method: String, path: String) {
        guard !headers.capped.isEmpty || !headers.ignored.isEmpty else { return }
        let fresh = shared.reported.withLock { seen in
            (headers.capped.map { ("capped", $0) } + headers.ignored.map { ("ignored", $0) })
                .filter { seen.count < 64 && seen.insert($0.1).inserted }
        }
        for (what, header) in fresh {
            let text = what == "capped"
                ? "the server asked for a wait longer than \(Self.seconds(RateLimitHeaders.longestWait)); waiting that long at most"
                : "ignoring a rate-limit header that is not a number in range"
            logger.warning("\(text)", metadata: ["header": "\(header)", "method": "\(method)", "path": "\(path)"])
        }
    }

    /// Sleeps a retry's backoff; `false` when a stop ended the wait.
    private func retryPause(_ backoff: Backoff, attempt: Int, random: inout any RandomNumberGenerator,
                            reason: String, _ method: String, _ path: String) async throws -> Bool {
        let delay = backoff.delay(retry: attempt - 1, using: &random)
        if stop?.isRequested == true { return false }
        shared.stats.withLock { $0.retries += 1 }
        // At the default level: a run that waits on retries must say so, or it looks like a hang.
        logger.notice("retrying in \(String(format: "%.1f", delay.seconds)) s (attempt \(attempt + 1)): \(reason)",
                      metadata: ["method": "\(method)", "path": "\(path)"])
        guard let stop else {
            try await clock.sleep(for: delay)
            return true
        }
        return try await stop.sleep(until: clock.now.advanced(by: delay), on: clock)
    }

    /// The host (and port) of a base URL, for messages.
    static func host(_ baseURL: String) -> String {
        var rest = Substring(baseURL)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        return String(rest.prefix { $0 != "/" })
    }

    /// `60 s`, `1.5 s`.
    static func seconds(_ d: Duration) -> String {
        let s = d.seconds
        return s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }

    /// The typed envelope of a response, with `JSONDecoder`: the models are `Decodable` (flag aliases, ids of
    /// either type). One of the client's two response decoders on purpose: list pages for exports go through
    /// `rawPage`'s `JSONParser` instead, which keeps key order and number text (a backup must hold what the API
    /// sent) and is several times faster on Linux; neither can do the other's job.
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

public import ESAPI
public import ESEmulator
import AsyncHTTPClient
import Foundation
public import Logging

/// The tests' emulator: `esmigrate serve`'s server on a free port of 127.0.0.1, a client connected to it
/// over real HTTP, and the server's own counters to assert against.
package enum EmulatorFixture {
    /// The made-up credential the fixture's emulator accepts.
    public static let token = "made-up-fixture-token"
    /// The account the fixture's client works in.
    public static let account = "fixture"

    /// Runs an emulator with `databasePath` and hands `body` a client for ``account``.
    ///
    /// Retries are fast (5–100 ms) and jitter is seeded, so schedules repeat; the request timeout is the real
    /// client's 60 s, because a loopback answer only comes late when the machine is starved, and a write cut
    /// off by a timeout is an unknown outcome that a test did not ask for.
    public static func withClient<T: Sendable>(
        databasePath: String, adjust: @Sendable (inout EmulatorConfiguration) -> Void = { _ in },
        budget: RateBudget = RateBudget(limit: 1000, window: .seconds(1), burst: 50),
        backoff: Backoff = Backoff(initial: .milliseconds(5), maximum: .milliseconds(100), multiplier: 2,
                                   jitter: 0.25, maxAttempts: 6),
        timeout: Duration = .seconds(60),
        logger: Logger,
        _ body: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> T
    ) async throws -> T {
        var config = EmulatorConfiguration(databasePath: databasePath, credentials: [EmulatorCredential(.token(token))])
        adjust(&config)
        return try await Emulator.withRunning(config, logger: logger) { baseURL in
            let api = try APIConfiguration(baseURL: baseURL, accountID: account, credentials: .apiToken(token),
                                           budget: budget, backoff: backoff, timeout: timeout)
            let client = EmailSecurityClient(configuration: api,
                                             transport: AsyncHTTPClientTransport(client: HTTPClient.shared),
                                             clock: ContinuousClock(), logger: logger, jitter: .seeded(1))
            return try await body(client)
        }
    }

    /// The emulator's own counters (`GET /_emulator/stats`) for the server `client` talks to.
    public static func stats<C: Clock>(_ client: EmailSecurityClient<C>) async throws -> ServerStats {
        try await stats(server: client.configuration.baseURL.replacingOccurrences(of: "/client/v4", with: ""))
    }

    /// The counters of the emulator at `server` (`http://127.0.0.1:PORT`).
    public static func stats(server base: String) async throws -> ServerStats {
        let response = try await AsyncHTTPClientTransport(client: .shared).send(
            HTTPRequest(method: "GET", url: base + "/_emulator/stats"), timeout: .seconds(30))
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return ServerStats(
            counters: json.compactMapValues { $0 as? Int },
            endpoints: (json["endpoints"] as? [String: Any] ?? [:]).compactMapValues { $0 as? [String: Int] })
    }

    /// What the emulator counted.
    package struct ServerStats: Sendable {
        /// `requests`, `batch_requests`, `peak_batches_in_flight`.
        public var counters: [String: Int]
        /// `METHOD collection[/batch|/{id}]` → HTTP status (as text) → answers.
        public var endpoints: [String: [String: Int]]

        /// Answers with `status` over every endpoint.
        public func answers(status: Int) -> Int {
            endpoints.values.reduce(0) { $0 + ($1[String(status)] ?? 0) }
        }
    }
}

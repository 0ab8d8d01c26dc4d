import AsyncHTTPClient
public import ESAPI
import Foundation
public import Logging

extension Emulator {
    /// The credential an in-process emulator accepts from its own client (never a real secret).
    public static let sandboxToken = "esmigrate-sandbox-token"
    /// The account an in-process emulator serves.
    public static let sandboxAccount = "sandbox"

    /// Runs an emulator on a free port of 127.0.0.1 with `databasePath`, and hands `body` a client connected
    /// to it over real HTTP: the `--sandbox` mode of the API commands, and the tests' fixture.
    ///
    /// The request timeout defaults to the real client's 60 s: a loopback answer only comes late when the
    /// machine is starved (a loaded CI runner), and a write cut off by a timeout is an unknown outcome.
    public static func withClient<T: Sendable>(
        databasePath: String, adjust: @Sendable (inout EmulatorConfiguration) -> Void = { _ in },
        budget: RateBudget = RateBudget(limit: 1000, window: .seconds(1), burst: 50),
        backoff: Backoff = Backoff(initial: .milliseconds(5), maximum: .milliseconds(100), multiplier: 2,
                                   jitter: 0.25, maxAttempts: 6),
        timeout: Duration = .seconds(60),
        logger: Logger,
        _ body: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> T
    ) async throws -> T {
        var config = EmulatorConfiguration(databasePath: databasePath,
                                           credentials: [EmulatorCredential(.token(sandboxToken))])
        adjust(&config)
        let account = sandboxAccount
        return try await withRunning(config, logger: logger) { baseURL in
            var api = try APIConfiguration(baseURL: baseURL, accountID: account, credentials: .apiToken(sandboxToken),
                                           budget: budget, backoff: backoff, timeout: timeout)
            // The port changes from run to run; the sandbox is the same API.
            api.stateKey = "sandbox"
            let client = EmailSecurityClient(configuration: api,
                                             transport: AsyncHTTPClientTransport(client: HTTPClient.shared),
                                             clock: ContinuousClock(), logger: logger, jitter: .seeded(1))
            return try await body(client)
        }
    }
}

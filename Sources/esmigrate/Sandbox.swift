import AsyncHTTPClient
import ESAPI
import ESEmulator
import Foundation
import Logging

/// `--sandbox`: the emulator in-process on a free port of 127.0.0.1, with its state in
/// `.esmigrate/sandbox.sqlite`, and a client talking to it over real HTTP like any other API.
enum Sandbox {
    /// The credential the sandbox accepts from its own client (never a real secret).
    static let token = "esmigrate-sandbox-token"
    /// The account the sandbox serves.
    static let account = "sandbox"
    static let databasePath = ".esmigrate/sandbox.sqlite"

    /// Runs `body` with a client of a running sandbox.
    static func withClient<T: Sendable>(budget: RateBudget, logger: Logger,
                                        _ body: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> T)
        async throws -> T
    {
        try FileManager.default.createDirectory(atPath: ".esmigrate", withIntermediateDirectories: true)
        let config = EmulatorConfiguration(databasePath: databasePath, credentials: [EmulatorCredential(.token(token))])
        return try await Emulator.withRunning(config, logger: logger) { baseURL in
            var api = try APIConfiguration(baseURL: baseURL, accountID: account, credentials: .apiToken(token),
                                           budget: budget, backoff: .default, timeout: .seconds(60))
            // The port changes from run to run; the sandbox is the same API, so journals and state keys match.
            api.stateKey = "sandbox"
            let client = EmailSecurityClient(configuration: api,
                                             transport: AsyncHTTPClientTransport(client: HTTPClient.shared),
                                             clock: ContinuousClock(), logger: logger, jitter: .seeded(1))
            return try await body(client)
        }
    }
}

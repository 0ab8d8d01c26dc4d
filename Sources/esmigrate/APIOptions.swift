import ArgumentParser
import AsyncHTTPClient
import ESAPI
import ESEmulator
import Foundation
import Logging

/// Where the API commands send requests: the real API (credentials from the environment or a token file,
/// never from argv) or `--sandbox`, an emulator run in-process with its state in `./.esmigrate/sandbox.sqlite`.
struct APIOptions: ParsableArguments {
    @Flag(help: "Rehearse against a local emulator (state in ./.esmigrate/sandbox.sqlite): no account, no credentials.")
    var sandbox = false

    @Option(help: "API base URL (default $CLOUDFLARE_BASE_URL or https://api.cloudflare.com/client/v4).")
    var apiBase: String?

    @Option(help: "Account id (default $CLOUDFLARE_ACCOUNT_ID).")
    var accountID: String?

    @Option(help: "Read the API token from this file (instead of $CLOUDFLARE_API_TOKEN).")
    var tokenFile: String?

    @Option(help: "Request budget N/Ws shared by every request (default 1080/300s: 90 % of Cloudflare's limit).")
    var rate: String?

    /// Runs `body` with a client for the real API or the sandbox.
    func withClient<T: Sendable>(logger: Logger, _ body: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> T)
        async throws -> T
    {
        let budget = try rate.map { try RateBudget(parsing: $0, burst: 10) } ?? .default
        if sandbox {
            try FileManager.default.createDirectory(atPath: ".esmigrate", withIntermediateDirectories: true)
            return try await Emulator.withClient(databasePath: ".esmigrate/sandbox.sqlite", budget: budget,
                                                 backoff: .default, logger: logger, body)
        }
        let configuration = try APIConfiguration.resolve(environment: ProcessInfo.processInfo.environment,
                                                         baseURL: apiBase, accountID: accountID, tokenFile: tokenFile,
                                                         budget: budget)
        return try await HTTPClient.withHTTPClient(configuration: AsyncHTTPClientTransport.clientConfiguration()) { http in
            let client = EmailSecurityClient(configuration: configuration,
                                             transport: AsyncHTTPClientTransport(client: http),
                                             clock: ContinuousClock(), logger: logger)
            return try await body(client)
        }
    }

    /// The account and base the journal is keyed by.
    var target: (account: String, base: String) {
        if sandbox { return (Emulator.sandboxAccount, "sandbox") }
        let env = ProcessInfo.processInfo.environment
        return (accountID ?? env["CLOUDFLARE_ACCOUNT_ID"] ?? "", apiBase ?? env["CLOUDFLARE_BASE_URL"] ?? APIConfiguration.defaultBaseURL)
    }
}

import ArgumentParser
import AsyncHTTPClient
import ESAPI
import Foundation
import Logging

/// Where the API commands send requests: the real API (credentials from the environment or a token file,
/// never from argv) or `--sandbox`, an emulator run in-process with its state in `./.esmigrate/sandbox.sqlite`.
struct APIOptions: ParsableArguments {
    @Flag(help: "Rehearse against a local emulator (state in ./.esmigrate/sandbox.sqlite): no account, no credentials.")
    var sandbox = false

    @Option(help: "API base URL (default $CLOUDFLARE_BASE_URL or https://api.cloudflare.com/client/v4).")
    var apiBase: String?

    @Option(name: .customLong("account-id"),
            help: "Account id (default $CLOUDFLARE_ACCOUNT_ID); export, import, restore, plan and verify take it more than once (each account on its own).")
    var accountIDs: [String] = []

    /// The one account of a single-account command.
    var accountID: String? { accountIDs.first }

    /// Refuses several `--account-id` for a command that works on one account.
    func requireOneAccount(_ command: String) throws {
        if accountIDs.count > 1 {
            throw ValidationError("\(command) works on one account at a time; give one --account-id")
        }
    }

    @Option(help: "Read the API token from this file (instead of $CLOUDFLARE_API_TOKEN).")
    var tokenFile: String?

    @Option(help: "Request budget N/Ws shared by every request (default 1080/300s: 90 % of Cloudflare's limit).")
    var rate: String?

    @Option(help: ArgumentHelp(
        "The folder of the budget ledgers shared by every esmigrate process using the same credential, or off.",
        discussion: "Default $ESMIGRATE_BUDGET_LEDGER, else ${XDG_STATE_HOME:-~/.local/state}/esmigrate/budgets. "
            + "Cloudflare's limit is per user across all accounts: with the ledger, concurrent processes spend one "
            + "budget and a 429 seen by one pauses all. off: this process paces itself alone.",
        valueName: "path|off"))
    var budgetLedger: String?

    @Option(help: ArgumentHelp(
        "An HTTP CONNECT proxy for the API: http://[user:password@]host:port.",
        discussion: "Default $HTTPS_PROXY (or $HTTP_PROXY for an http:// API base); $NO_PROXY lists hosts reached "
            + "directly, as curl reads it. The credentials are never shown.",
        valueName: "url"))
    var proxy: String?

    @Option(help: ArgumentHelp(
        "A PEM bundle of CA certificates trusted besides the system's (default $SSL_CERT_FILE).",
        discussion: "For networks that inspect TLS with a company root CA. Certificate verification is never turned off.",
        valueName: "path"))
    var caFile: String?

    @Option(help: ArgumentHelp(
        "Seconds each request may take before it counts as unanswered (1-3600, default 60).",
        discussion: "A request with no answer in time is retried with backoff (writes are reconciled, never sent "
            + "twice); when every attempt times out the command exits 75: run it again later.",
        valueName: "seconds"))
    var timeout: Int?

    /// Refuses a `--timeout` outside 1...3600 seconds.
    func validateTimeout() throws {
        if let timeout, !(1...3600).contains(timeout) {
            throw ValidationError("--timeout must be 1 to 3600 seconds")
        }
    }

    /// The real API's configuration from the flags, the environment and the token file, or `nil` for the
    /// sandbox. Commands call it before reading any input, so a missing or malformed credential fails at once.
    func resolve(anyAccount: Bool = false) throws -> APIConfiguration? {
        guard !sandbox else { return nil }
        let environment = ProcessInfo.processInfo.environment
        // A fleet listed by --all-accounts needs no account to start from: the listing is not account-scoped.
        let account = accountID ?? (anyAccount ? environment["CLOUDFLARE_ACCOUNT_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? "fleet" : nil)
        var configuration = try APIConfiguration.resolve(environment: environment, baseURL: apiBase,
                                                         accountID: account, tokenFile: tokenFile, budget: try budget())
        try validateTimeout()
        if let timeout { configuration.timeout = .seconds(timeout) }
        // A proxy URL or CA bundle that cannot be used fails now, before any input is read.
        configuration.network = try NetworkSettings.resolve(environment: environment, baseURL: configuration.baseURL,
                                                            proxyFlag: proxy, caFileFlag: caFile)
        _ = try AsyncHTTPClientTransport.clientConfiguration(network: configuration.network,
                                                             baseURL: configuration.baseURL)
        let place = budgetLedger ?? environment["ESMIGRATE_BUDGET_LEDGER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? BudgetLedger.defaultDirectory(environment: environment)
        if place != "off" {
            configuration.ledger = try BudgetLedger.open(directory: place, credentials: configuration.credentials)
        }
        return configuration
    }

    private func budget() throws -> RateBudget {
        try rate.map { try RateBudget(parsing: $0, burst: 10) } ?? .default
    }

    /// Runs `body` with a client for the real API or the sandbox.
    func withClient<T: Sendable>(logger: Logger, _ body: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> T)
        async throws -> T
    {
        try await withClient(try resolve(), logger: logger, body)
    }

    /// Runs `body` with a client for `configuration` (from ``resolve()``), or the sandbox when it is `nil`. A
    /// refused credential comes out as ``AccessDenied``, naming the account and the kind of credential.
    func withClient<T: Sendable>(_ configuration: APIConfiguration?, logger: Logger,
                                 _ body: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> T)
        async throws -> T
    {
        guard let configuration else {
            return try await Sandbox.withClient(budget: try budget(), logger: logger) { try await Self.counting($0, body) }
        }
        let source = tokenFile.map { "from --token-file \($0)" } ?? "from the environment"
        let http = try AsyncHTTPClientTransport.clientConfiguration(network: configuration.network,
                                                                    baseURL: configuration.baseURL)
        let proxy = configuration.network.proxy(forBaseURL: configuration.baseURL)
        return try await HTTPClient.withHTTPClient(configuration: http) { http in
            let client = EmailSecurityClient(configuration: configuration,
                                             transport: AsyncHTTPClientTransport(client: http, proxy: proxy),
                                             clock: ContinuousClock(), logger: logger)
            do {
                return try await Self.counting(client, body)
            } catch let e as APIError where e.isAuthenticationFailure {
                throw AccessDenied(accountID: configuration.accountID,
                                   credential: "\(configuration.credentials.description) \(source)", underlying: e)
            }
        }
    }

    /// Runs `body` and adds the client's statistics to the run's metrics (`--metrics-file`), whether it succeeds
    /// or not.
    static func counting<T: Sendable>(_ client: EmailSecurityClient<ContinuousClock>,
                                      _ body: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> T)
        async throws -> T
    {
        do {
            let value = try await body(client)
            RunMetrics.current?.add(client.statistics)
            return value
        } catch {
            RunMetrics.current?.add(client.statistics)
            throw error
        }
    }
}

import ArgumentParser
import ESAPI
import ESEmulator
import Logging

/// `esmigrate serve`: the local emulator of the Email Security settings API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a local emulator of the Cloudflare Email Security settings API (Hummingbird + SQLite).",
        discussion: """
            All 31 settings endpoints with the contract's envelope, pagination, validation, batch semantics, \
            auth, rate limiting and fault injection; state lives in SQLite and survives a restart.

            Examples:
              esmigrate serve --token test-token --db ./emulator.sqlite
              esmigrate serve --token test-token@acc1 --rate 600/60s --latency 20ms
              esmigrate serve --token t --faults 5xx=10,reset=5,drop=5,429=2 --seed 42
              esmigrate serve --token t --api-generation legacy      # integer ids, no batch endpoints
              esmigrate serve --token msp-token --account acc1=Tenant-A --account acc2=Tenant-B   # GET /accounts
              esmigrate serve --token t --header-timeout 5s --max-connections 64

            A client gets 408 when its header or body is too slow, 413 for a body over 32 MiB, 400 with an \
            envelope for a request that is not valid HTTP/1.1, and 503 past --max-connections.

            Point a client at it with CLOUDFLARE_BASE_URL=http://127.0.0.1:8787/client/v4.
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8787
    @Option(help: "SQLite database file, or :memory:.") var db = ":memory:"
    @Option(name: .customLong("token"), help: "Accepted Bearer token, optionally bound to accounts: TOKEN[@acc1,acc2] (repeatable). These are test tokens for the emulator, never real ones.")
    var tokens: [String] = []
    @Option(name: .customLong("api-key"), help: "Accepted email and key: EMAIL:KEY[@accounts] (repeatable).")
    var apiKeys: [String] = []
    @Option(name: .customLong("account"),
            help: "An account that exists before it holds data, ID[=NAME] (repeatable): GET /accounts lists it to unbound credentials.")
    var accounts: [String] = []
    @Option(help: "Rate limit per credential, N/Ws (e.g. 1200/300s); none by default.") var rate: String?
    @Option(help: "After a 429, refuse the credential for this many seconds (the real API blocks for 300).")
    var lockout: Int?
    @Option(help: "Added latency: 20ms, 1.5s, or a uniform range 10ms..50ms.") var latency: String?
    @Option(help: "Faults as KIND=PERCENT,…: 5xx, reset, drop (commit then drop the answer), 429.") var faults: String?
    @Option(help: "Seed for ids and faults (reproducible runs).") var seed: UInt64?
    @Option(help: "current (uuid ids, batch endpoints) or legacy (integer ids, no batch).") var apiGeneration: APIGeneration = .current
    @Option(help: "Time allowed for a request's header block, from its first byte (then 408).")
    var headerTimeout = "20s"
    @Option(help: "Time allowed for a request's body once its header arrived (then 408).") var bodyTimeout = "60s"
    @Option(help: "A connection with no request under way (new and silent, or kept alive) is closed after this long.") var idleTimeout = "75s"
    @Option(help: "Open connections at most; more are answered 503 and closed.") var maxConnections = 256

    @OptionGroup var log: LogOptions

    func run() async throws {
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.serve")
        var config = EmulatorConfiguration(host: host, port: port, databasePath: db, seed: seed)
        config.credentials = tokens.map(EmulatorCredential.parse(token:))
        for key in apiKeys {
            guard let c = EmulatorCredential.parse(apiKey: key) else {
                throw ValidationError("--api-key must be EMAIL:KEY[@accounts]")
            }
            config.credentials.append(c)
        }
        for text in accounts {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard let id = parts.first, APIConfiguration.isAccountID(String(id))
            else { throw ValidationError("--account must be ID[=NAME], the id 1–32 letters and digits: '\(text)'") }
            config.accounts[id] = parts.count > 1 ? parts[1] : id
        }
        guard !config.credentials.isEmpty else {
            throw ValidationError("give at least one --token or --api-key: the emulator refuses anonymous requests")
        }
        do {
            config.rate = try rate.map { try ServerRate(parsing: $0) }
            if let faults { config.faults = try FaultPlan(parsing: faults) }
        } catch {
            throw ValidationError("\(error)")
        }
        if let latency {
            do { try config.faults.setLatency(parsing: latency) } catch {
                throw ValidationError("--latency: \(error)")
            }
        }
        config.lockout = lockout.map { .seconds($0) }
        for (name, text, path) in [("--header-timeout", headerTimeout, \ServerLimits.headerTimeout),
                                   ("--body-timeout", bodyTimeout, \ServerLimits.bodyTimeout),
                                   ("--idle-timeout", idleTimeout, \ServerLimits.idleTimeout)] {
            guard let d = ServerLimits.parseDuration(text) else {
                throw ValidationError("\(name) must be a duration such as 500ms, 20s, 1.5s or 2m")
            }
            config.limits[keyPath: path] = d
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        config.limits.maxConnections = maxConnections
        config.generation = apiGeneration
        let emulator = try Emulator(configuration: config, logger: logger)
        let (host, db) = (config.host, config.databasePath)
        try await emulator.run(logger: logger) { port in
            logger.notice("serving the Email Security settings API at http://\(host):\(port)/client/v4 (db \(db))")
        }
    }

}

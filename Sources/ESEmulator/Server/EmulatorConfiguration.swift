public import Foundation

/// How `esmigrate serve` (or a test) runs the emulator.
public struct EmulatorConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests and the demo).
    public var port: Int
    /// A SQLite file, or `:memory:`.
    public var databasePath: String
    public var credentials: [EmulatorCredential]
    /// The server-side budget per credential; `nil` disables rate limiting.
    public var rate: ServerRate?
    /// After a 429, refuse the credential for this long (the real API blocks for 5 minutes).
    public var lockout: Duration?
    public var faults: FaultPlan
    public var generation: APIGeneration
    /// Seeds ids and faults so a run can be replayed.
    public var seed: UInt64?
    /// Timeouts and the connection cap.
    public var limits = ServerLimits()
    /// Accounts that exist without holding data yet (`serve --account ID[=NAME]`), by id, with their names;
    /// `GET /accounts` lists them, with every account that holds data, to a credential bound to no account.
    public var accounts: [String: String] = [:]
    /// The wall clock that stamps `created_at` and `modified_at`; tests fix it to get byte-identical answers.
    public var now: @Sendable () -> Date = { Date() }

    /// A configuration; `port` 0 picks a free one, `databasePath` `:memory:` keeps nothing.
    public init(host: String = "127.0.0.1", port: Int = 8787, databasePath: String = ":memory:",
                credentials: [EmulatorCredential] = [], rate: ServerRate? = nil, lockout: Duration? = nil,
                faults: FaultPlan = FaultPlan(), generation: APIGeneration = .current, seed: UInt64? = nil) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.credentials = credentials
        self.rate = rate
        self.lockout = lockout
        self.faults = faults
        self.generation = generation
        self.seed = seed
    }
}

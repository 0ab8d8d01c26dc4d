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
    /// The wall clock that stamps `created_at` and `modified_at`; tests fix it to get byte-identical answers.
    public var now: @Sendable () -> Date = { Date() }

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

/// A credential the emulator accepts, bound to accounts (`nil`: every account).
public struct EmulatorCredential: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case token(String)
        case apiKey(email: String, key: String)
        case userServiceKey(String)
    }

    public var kind: Kind
    public var accounts: Set<String>?

    public init(_ kind: Kind, accounts: Set<String>? = nil) {
        self.kind = kind
        self.accounts = accounts
    }

    /// Parses `TOKEN` or `TOKEN@acc1,acc2` (`--token`), and `EMAIL:KEY[@accounts]` (`--api-key`).
    public static func parse(token text: String) -> EmulatorCredential {
        let (secret, accounts) = splitAccounts(text)
        return EmulatorCredential(.token(secret), accounts: accounts)
    }

    public static func parse(apiKey text: String) -> EmulatorCredential? {
        let (pair, accounts) = splitAccounts(text)
        guard let colon = pair.firstIndex(of: ":") else { return nil }
        return EmulatorCredential(.apiKey(email: String(pair[..<colon]), key: String(pair[pair.index(after: colon)...])),
                                  accounts: accounts)
    }

    private static func splitAccounts(_ text: String) -> (String, Set<String>?) {
        guard let at = text.lastIndex(of: "@"), !text[text.index(after: at)...].contains(".") else { return (text, nil) }
        let accounts = Set(text[text.index(after: at)...].split(separator: ",").map(String.init))
        return (String(text[..<at]), accounts.isEmpty ? nil : accounts)
    }
}

/// Faults to inject, each a share of requests (0–100 %), drawn from a seeded generator.
public struct FaultPlan: Sendable, Hashable {
    /// Answer 500/502/503 without processing.
    public var serverErrorPercent: Double = 0
    /// Close the connection before processing (the client sees a reset, nothing was applied).
    public var resetPercent: Double = 0
    /// Apply the write, then close the connection without answering ("commit then drop").
    public var commitThenDropPercent: Double = 0
    /// Answer 429 (with `retry-after: 1`) without processing.
    public var rateLimitPercent: Double = 0
    /// Answer pages past the end with the last page instead of `[]` (a broken server, as in the SDK issues
    /// where auto-pagination never ends), to test a client's pagination guards.
    public var repeatLastPage = false
    /// Added latency: uniform in `latency...latencyMax` (equal bounds: fixed).
    public var latency: Duration = .zero
    public var latencyMax: Duration = .zero

    public init() {}

    /// Parses `5xx=10,reset=5,drop=5,429=2` (percentages).
    public init(parsing text: String) throws {
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=")
            guard kv.count == 2, let pct = Double(kv[1]), (0...100).contains(pct) else {
                throw FaultPlanError(text: text)
            }
            switch kv[0].lowercased() {
            case "5xx", "error", "errors": serverErrorPercent = pct
            case "reset": resetPercent = pct
            case "drop", "commit-then-drop": commitThenDropPercent = pct
            case "429", "ratelimit": rateLimitPercent = pct
            case "repeat-page": repeatLastPage = pct > 0
            default: throw FaultPlanError(text: text)
            }
        }
    }

    public var isEmpty: Bool {
        serverErrorPercent == 0 && resetPercent == 0 && commitThenDropPercent == 0 && rateLimitPercent == 0
    }
}

/// A `--faults` value that does not parse.
public struct FaultPlanError: Error, Sendable, CustomStringConvertible {
    public var text: String
    /// What the text should have looked like.
    public var expected: String

    public init(text: String,
                expected: String = "KIND=PERCENT[,…] with KIND one of 5xx, reset, drop, 429, repeat-page") {
        self.text = text
        self.expected = expected
    }

    public var description: String { "'\(text)' is not \(expected)" }
}

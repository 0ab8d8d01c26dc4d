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

    /// No faults.
    public init() {}

    /// Parses `5xx=10,reset=5,drop=5,429=2` (percentages).
    public init(parsing text: String) throws {
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=")
            guard kv.count == 2, let pct = Double(kv[1]), (0...100).contains(pct) else {
                throw EmulatorOptionError.faults(text)
            }
            switch kv[0].lowercased() {
            case "5xx", "error", "errors": serverErrorPercent = pct
            case "reset": resetPercent = pct
            case "drop", "commit-then-drop": commitThenDropPercent = pct
            case "429", "ratelimit": rateLimitPercent = pct
            case "repeat-page": repeatLastPage = pct > 0
            default: throw EmulatorOptionError.faults(text)
            }
        }
    }

    public var isEmpty: Bool {
        serverErrorPercent == 0 && resetPercent == 0 && commitThenDropPercent == 0 && rateLimitPercent == 0
    }
}

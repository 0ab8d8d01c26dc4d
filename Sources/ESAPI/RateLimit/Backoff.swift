/// Jittered exponential backoff for 5xx responses and network errors.
///
/// The delay before retry `n` (0-based) is `min(initial · multiplier^n, maximum)` scaled by a random factor
/// in `[1 - jitter, 1]`, so that concurrent tasks do not retry in lockstep. The random source is injected so
/// tests are deterministic.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    public var jitter: Double
    /// Attempts in all (the first try included) before giving up.
    public var maxAttempts: Int
    /// Attempts in all for a request that certainly never left (connection refused, unknown host, connect
    /// timeout): the answer is certain, so the client gives up after seconds, not minutes.
    public var maxAttemptsNotSent = 4

    public static let `default` = Backoff(initial: .milliseconds(500), maximum: .seconds(30), multiplier: 2,
                                          jitter: 0.25, maxAttempts: 6)

    /// A retry schedule: `initial` doubling by `multiplier` up to `maximum`, ± `jitter` (a fraction), at most
    /// `maxAttempts` tries.
    public init(initial: Duration, maximum: Duration, multiplier: Double, jitter: Double, maxAttempts: Int) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
        self.maxAttempts = maxAttempts
    }

    /// The delay before retry number `retry` (0 for the first retry).
    public func delay(retry: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let base = initial.seconds * pow(multiplier, Double(retry))
        let capped = min(base, maximum.seconds)
        let factor = 1 - jitter * Double.random(in: 0...1, using: &random)
        return .milliseconds(Int64((capped * factor * 1000).rounded()))
    }

    private func pow(_ x: Double, _ y: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(y) { result *= x }
        return result
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

import ESRecords

/// Where backoff jitter comes from: the system generator, or a seed (deterministic tests and benchmarks).
public enum JitterSource: Sendable, Hashable {
    case system
    case seeded(UInt64)

    func generator(call: UInt64) -> any RandomNumberGenerator {
        switch self {
        case .system: SystemRandomNumberGenerator()
        case .seeded(let seed): SplitMix64(seed: seed &+ call)
        }
    }
}

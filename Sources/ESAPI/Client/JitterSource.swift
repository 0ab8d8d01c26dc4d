/// Where backoff jitter comes from: the system generator, or a seed (deterministic tests and benchmarks).
public enum JitterSource: Sendable, Hashable {
    case system
    case seeded(UInt64)

    func generator(call: UInt64) -> any RandomNumberGenerator {
        switch self {
        case .system: SystemRandomNumberGenerator()
        case .seeded(let seed): SplitMix64(state: seed &+ call)
        }
    }
}

/// SplitMix64: a tiny reproducible generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

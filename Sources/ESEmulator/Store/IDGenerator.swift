import Foundation
import Synchronization

/// UUID ids: random, or reproducible from `--seed` so tests and demos see the same ids every run.
final class IDGenerator: Sendable {
    private let state: Mutex<UInt64?>

    init(seed: UInt64?) {
        state = Mutex(seed)
    }

    func next() -> String {
        state.withLock { seed -> String in
            guard var s = seed else { return UUID().uuidString.lowercased() }
            var bytes = [UInt8](repeating: 0, count: 16)
            for i in 0..<2 {
                s &+= 0x9E37_79B9_7F4A_7C15
                var z = s
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                for k in 0..<8 { bytes[i * 8 + k] = UInt8(truncatingIfNeeded: z >> (8 * k)) }
            }
            seed = s
            bytes[6] = bytes[6] & 0x0F | 0x40      // version 4
            bytes[8] = bytes[8] & 0x3F | 0x80      // RFC 4122 variant
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let i = hex.startIndex
            func part(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
            return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
        }
    }
}

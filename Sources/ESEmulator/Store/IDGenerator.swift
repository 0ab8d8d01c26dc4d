import ESRecords
import Foundation
import Synchronization

/// UUID ids: random, or reproducible from `--seed` so tests and demos see the same ids every run.
final class IDGenerator: Sendable {
    private let random: Mutex<SplitMix64?>

    init(seed: UInt64?) {
        random = Mutex(seed.map(SplitMix64.init(seed:)))
    }

    func next() -> String {
        random.withLock { generator -> String in
            guard var seeded = generator else { return UUID().uuidString.lowercased() }
            defer { generator = seeded }
            var bytes = [UInt8](repeating: 0, count: 16)
            for i in 0..<2 {
                let z = seeded.next()
                for k in 0..<8 { bytes[i * 8 + k] = UInt8(truncatingIfNeeded: z >> (8 * k)) }
            }
            bytes[6] = bytes[6] & 0x0F | 0x40      // version 4
            bytes[8] = bytes[8] & 0x3F | 0x80      // RFC 4122 variant
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let i = hex.startIndex
            func part(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
            return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
        }
    }
}

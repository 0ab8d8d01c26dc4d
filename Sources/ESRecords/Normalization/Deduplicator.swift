/// Marks repeated records within one input file as duplicates; the first occurrence wins (R34).
///
/// Memory is what keeps the readers' footprint flat, so the index holds no keys: each slot is 16 bytes —
/// a 92-bit MurmurHash3 fingerprint of the natural key, 4 flag bits and the first line. Slots live in 64
/// shards that grow by half independently (load 0.5–0.75), so a million distinct records take 21–32 MB
/// and growing never holds two copies of the whole index. Two different keys share a fingerprint with
/// probability about n²/2⁹³ (below 10⁻¹⁵ for a million records).
package struct Deduplicator: Sendable {
    struct Slot: Sendable {
        var high: UInt64 = 0        // fingerprint bits 0–63 (never 0 in a used slot)
        var lowAndFlags: UInt32 = 0 // fingerprint bits 64–91 and 4 flag bits
        var line: UInt32 = 0
    }

    struct Shard: Sendable {
        var slots: [Slot]
        var count = 0

        init(capacity: Int) { slots = Array(repeating: Slot(), count: capacity) }

        /// The slot index for a fingerprint: Lemire's multiply-shift range reduction (any capacity).
        @inline(__always)
        func home(_ high: UInt64) -> Int {
            Int(truncatingIfNeeded: high.multipliedFullWidth(by: UInt64(slots.count)).high)
        }

        mutating func insertOrFind(_ high: UInt64, _ low: UInt32, flags: UInt8, line: UInt32) -> (UInt32, UInt8)? {
            if (count + 1) * 4 > slots.count * 3 { grow() }
            var i = home(high)
            let n = slots.count
            while true {
                let s = slots[i]
                if s.high == 0 {
                    slots[i] = Slot(high: high, lowAndFlags: low << 4 | UInt32(flags & 0xF), line: line)
                    count += 1
                    return nil
                }
                if s.high == high, s.lowAndFlags >> 4 == low { return (s.line, UInt8(s.lowAndFlags & 0xF)) }
                i += 1
                if i == n { i = 0 }
            }
        }

        mutating func grow() {
            let old = slots
            slots = Array(repeating: Slot(), count: old.count + old.count / 2 + 16)
            let n = slots.count
            for s in old where s.high != 0 {
                var i = home(s.high)
                while slots[i].high != 0 { i += 1; if i == n { i = 0 } }
                slots[i] = s
            }
        }
    }

    private var shards: [Shard]
    private var scratch: [UInt8] = []

    /// A de-duplicator that has seen nothing.
    public init() {
        shards = Array(repeating: Shard(capacity: 64), count: 64)
        scratch.reserveCapacity(256)
    }

    /// The number of distinct records seen so far.
    public var distinctCount: Int { shards.reduce(0) { $0 + $1.count } }

    /// Applies R34 to an outcome: keeps only records not seen before, or turns the outcome into a duplicate.
    public mutating func process(_ outcome: RowOutcome) -> RowOutcome {
        guard outcome.status == .ok, !outcome.records.isEmpty else { return outcome }
        let line = UInt32(clamping: outcome.line)
        var fresh: [Bool] = []           // allocated only for multi-record rows
        var freshCount = 0
        var firstDuplicate: (line: Int, flagsDiffer: Bool)?
        for record in outcome.records {
            let (high, low) = fingerprint(record)
            // The shard comes from the second hash word: the slot position already uses `high`'s top bits.
            let shard = Int(low & 63)
            let isFresh: Bool
            if let (seenLine, seenFlags) = shards[shard].insertOrFind(high, low, flags: record.flagBits, line: line) {
                if firstDuplicate == nil { firstDuplicate = (Int(seenLine), seenFlags != record.flagBits) }
                isFresh = false
            } else {
                isFresh = true
                freshCount += 1
            }
            if outcome.records.count > 1 {
                if fresh.isEmpty { fresh.reserveCapacity(outcome.records.count) }
                fresh.append(isFresh)
            } else if isFresh {
                return outcome
            }
        }
        if freshCount == outcome.records.count { return outcome }
        if freshCount > 0 {
            var kept = outcome
            kept.records = zip(outcome.records, fresh).filter(\.1).map(\.0)
            return kept
        }
        guard let dup = firstDuplicate else { return outcome }
        var duplicate = outcome
        duplicate.status = .duplicate
        duplicate.duplicateOf = dup.line
        duplicate.records = []
        if dup.flagsDiffer { duplicate.warnings.append(.duplicateFlagsDiffer) }
        return duplicate
    }

    /// The fingerprint of a record's natural key (see ``NormalizedRecord/naturalKey``), hashed from its fields.
    private mutating func fingerprint(_ record: NormalizedRecord) -> (UInt64, UInt32) {
        scratch.removeAll(keepingCapacity: true)
        record.appendKeyBytes(to: &scratch)
        let (h1, h2) = scratch.withUnsafeBufferPointer { Murmur3.hash128($0) }
        return (h1 == 0 ? 1 : h1, UInt32(truncatingIfNeeded: h2) & 0x0FFF_FFFF)
    }
}

extension PatternType {
    /// A one-byte tag for hashing.
    var tag: UInt8 {
        switch self {
        case .email: 1
        case .domain: 2
        case .ip: 3
        case .unknown: 4
        }
    }
}

/// Marks repeated records within one input file as duplicates; the first occurrence wins (R34).
///
/// Memory is what keeps the readers' footprint flat: instead of the keys themselves, the table holds a
/// 128-bit FNV-1a fingerprint of each natural key (16 bytes), the first line (4) and the flag bits (1).
/// At a million distinct records that is about 28 MB at the table's 0.75 load factor, and the chance
/// that two different keys share a fingerprint is below 10⁻²⁶.
public struct Deduplicator: Sendable {
    private var fingerprints: [UInt128]
    private var lines: [UInt32]
    private var flags: [UInt8]
    private var count = 0

    public init(initialCapacity: Int = 1024) {
        var capacity = 16
        while capacity < initialCapacity * 4 / 3 { capacity <<= 1 }
        fingerprints = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        flags = Array(repeating: 0, count: capacity)
    }

    /// The number of distinct records seen so far.
    public var distinctCount: Int { count }

    /// Applies R34 to an outcome: keeps only records not seen before, or turns the outcome into a duplicate.
    public mutating func process(_ outcome: RowOutcome) -> RowOutcome {
        guard outcome.status == .ok, !outcome.records.isEmpty else { return outcome }
        var fresh: [NormalizedRecord] = []
        var firstDuplicate: (line: Int, flagsDiffer: Bool)?
        for record in outcome.records {
            let fp = Deduplicator.fingerprint(record.naturalKey)
            if let (line, seenFlags) = insertOrFind(fp, line: outcome.line, flags: record.flagBits) {
                if firstDuplicate == nil { firstDuplicate = (line, seenFlags != record.flagBits) }
            } else {
                fresh.append(record)
            }
        }
        if !fresh.isEmpty {
            var kept = outcome
            kept.records = fresh
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

    /// Inserts a fingerprint; returns the stored line and flags when it was already present.
    private mutating func insertOrFind(_ fp: UInt128, line: Int, flags newFlags: UInt8) -> (Int, UInt8)? {
        if (count + 1) * 4 > fingerprints.count * 3 { grow() }
        let mask = fingerprints.count - 1
        var i = Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: fp)) & mask
        while true {
            let existing = fingerprints[i]
            if existing == 0 {
                fingerprints[i] = fp
                lines[i] = UInt32(clamping: line)
                flags[i] = newFlags
                count += 1
                return nil
            }
            if existing == fp { return (Int(lines[i]), flags[i]) }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldF = fingerprints, oldL = lines, oldFlags = flags
        let capacity = oldF.count * 2
        fingerprints = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        flags = Array(repeating: 0, count: capacity)
        let mask = capacity - 1
        for k in 0..<oldF.count where oldF[k] != 0 {
            var i = Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: oldF[k])) & mask
            while fingerprints[i] != 0 { i = (i + 1) & mask }
            fingerprints[i] = oldF[k]
            lines[i] = oldL[k]
            flags[i] = oldFlags[k]
        }
    }

    /// 128-bit FNV-1a of the key's UTF-8, never zero (zero marks an empty slot).
    static func fingerprint(_ key: String) -> UInt128 {
        let prime: UInt128 = (1 << 88) + 0x13B
        var hash: UInt128 = 0x6c62272e07bb014262b821756295c58d
        for b in key.utf8 {
            hash ^= UInt128(b)
            hash = hash &* prime
        }
        // Final avalanche so the low bits used for the slot index depend on every byte.
        hash ^= hash >> 67
        hash = hash &* 0x9E3779B97F4A7C15F39CC0605CEDC835
        hash ^= hash >> 61
        return hash == 0 ? 1 : hash
    }
}

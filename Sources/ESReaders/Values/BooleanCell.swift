/// Boolean cells of legacy files (R10).
package enum BooleanCell {
    /// The outcome of reading a boolean cell.
    package enum Parsed: Sendable, Hashable {
        case value(Bool)
        /// The cell is empty: the column default applies.
        case empty
        /// Not a boolean word: the row is rejected with `invalid_boolean`.
        case invalid
    }

    /// `true/yes/y/1/on/enabled` and `false/no/n/0/off/disabled`, case-insensitive, after trimming.
    public static func parse(_ cell: String) -> Parsed {
        let u = cell.utf8
        if u.isEmpty { return .empty }
        guard u.count <= 8 else { return .invalid }
        // ASCII case folding on at most 8 bytes packed in a word: no allocation, one comparison per word.
        var word: UInt64 = 0
        for b in u {
            let lower = b >= 65 && b <= 90 ? b + 32 : b
            word = word << 8 | UInt64(lower)
        }
        switch word {
        // "true", "yes", "y", "1", "on", "enabled", "t", packed big-endian into a word.
        case 0x7472_7565, 0x79_6573, 0x79, 0x31, 0x6F6E, 0x656E_6162_6C65_64, 0x74: return .value(true)
        // "false", "no", "n", "0", "off", "disabled", "f".
        case 0x66_616C_7365, 0x6E6F, 0x6E, 0x30, 0x6F_6666, 0x6469_7361_626C_6564, 0x66: return .value(false)
        default: return .invalid
        }
    }
}

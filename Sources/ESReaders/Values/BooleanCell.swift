/// Boolean cells of legacy files (R10).
public enum BooleanCell {
    /// The outcome of reading a boolean cell.
    public enum Parsed: Sendable, Hashable {
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
        if trueWords.contains(word) { return .value(true) }
        if falseWords.contains(word) { return .value(false) }
        return .invalid
    }

    private static func pack(_ s: StaticString) -> UInt64 {
        s.withUTF8Buffer { $0.reduce(0) { $0 << 8 | UInt64($1) } }
    }

    private static let trueWords: Set<UInt64> = Set(["true", "yes", "y", "1", "on", "enabled", "t"].map(pack))
    private static let falseWords: Set<UInt64> = Set(["false", "no", "n", "0", "off", "disabled", "f"].map(pack))
}

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
        let t = cell.lowercased()
        if t.isEmpty { return .empty }
        switch t {
        case "true", "yes", "y", "1", "on", "enabled", "t": return .value(true)
        case "false", "no", "n", "0", "off", "disabled", "f": return .value(false)
        default: return .invalid
        }
    }
}

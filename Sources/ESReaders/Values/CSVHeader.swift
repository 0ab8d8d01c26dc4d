import ESRecords

/// A CSV header row with R6's matching: trim, strip BOM, lower-case, keep only letters and digits.
///
/// Barracuda's header cell `Policy (block, exempt, quarantine)` is split by its unquoted commas; cells from
/// one with an unbalanced `(` up to the one closing it are merged back into one column.
package struct CSVHeader: Sendable, Hashable {
    /// The header cells as written (after the merge), trimmed.
    public var names: [String]
    /// The matching keys (`Blocked_Sender` → `blockedsender`).
    public var keys: [String]
    /// The raw header line, for rejects files.
    public var raw: String
    public var line: Int

    /// The header a record holds.
    public init(record: CSVRecord) {
        var merged: [String] = []
        var pending: String?
        for cell in record.fields {
            if var p = pending {
                p += "," + cell
                if cell.contains(")") { merged.append(p); pending = nil } else { pending = p }
                continue
            }
            let opens = cell.filter { $0 == "(" }.count, closes = cell.filter { $0 == ")" }.count
            if opens > closes { pending = cell } else { merged.append(cell) }
        }
        if let pending { merged.append(pending) }
        names = merged.map { TextCleaning.trim($0) }
        keys = names.map(CSVHeader.key)
        raw = record.raw
        line = record.line
    }

    /// The matching key of a header name.
    public static func key(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: name.utf8.compactMap { b -> UInt8? in
                if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) { return b }
                if b >= 65 && b <= 90 { return b + 32 }
                return nil
            }, as: UTF8.self)
        }
        return String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }

    /// The index of the first column whose key is one of `candidates`.
    public func index(_ candidates: [String]) -> Int? {
        for c in candidates { if let i = keys.firstIndex(of: c) { return i } }
        return nil
    }

    /// The index of the first column whose key starts with `prefix`.
    public func index(prefix: String) -> Int? {
        keys.firstIndex { $0.hasPrefix(prefix) }
    }

    /// Whether every key in `required` is present.
    public func has(_ required: String...) -> Bool {
        required.allSatisfy { keys.contains($0) }
    }
}

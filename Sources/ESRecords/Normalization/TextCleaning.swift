/// Cell trimming and value unwrapping shared by every dialect (R9, R13, R26).
public enum TextCleaning {
    /// Whether `scalar` is trimmed from cells: ASCII whitespace plus NBSP, figure and narrow spaces,
    /// zero-width space/joiners, word joiner and a stray BOM.
    public static func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x2007, 0x202F, 0x200B...0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// Trims leading and trailing ``isTrimmable(_:)`` scalars.
    public static func trim(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmable($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmable($0) })!
        // Fast path: nothing to trim.
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return String(text) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Collapses internal whitespace runs to one space after trimming (registry names, R31).
    public static func collapseWhitespace(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in trim(text).unicodeScalars {
            if isTrimmable(s) {
                pendingSpace = true
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(s)
            }
        }
        return String(out)
    }

    /// Unwraps a pasted value: trim → `mailto:` → `Name <addr>` / `<addr>` → surrounding quotes →
    /// Cisco SLBL `[1.2.3.4]` / `[ipv6:…]` → trim. Returns the value and the warnings raised.
    public static func unwrap(_ text: some StringProtocol) -> (value: String, warnings: [WarningCode]) {
        var value = trim(text)
        var warnings: [WarningCode] = []
        if value.utf8.count >= 7, value.prefix(7).lowercased() == "mailto:" {
            value = trim(value.dropFirst(7))
            warnings.append(.mailtoStripped)
        }
        if value.hasSuffix(">"), let open = value.lastIndex(of: "<") {
            let inner = value[value.index(after: open)..<value.index(before: value.endIndex)]
            if !inner.isEmpty, !inner.contains("<") {
                value = trim(inner)
                warnings.append(.displayNameStripped)
                if value.utf8.count >= 7, value.prefix(7).lowercased() == "mailto:" {
                    value = trim(value.dropFirst(7))
                    warnings.append(.mailtoStripped)
                }
            }
        }
        if value.utf8.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
            value = trim(value.dropFirst().dropLast())
        }
        if value.hasPrefix("["), value.hasSuffix("]"), value.utf8.count > 2 {
            var inner = value.dropFirst().dropLast()
            if inner.lowercased().hasPrefix("ipv6:") { inner = inner.dropFirst(5) }
            if IPAddress(inner) != nil { value = String(inner) }
        }
        return (value, warnings)
    }

    /// Normalizes a source comment: trimmed, CRLF/CR → LF, empty → `nil`, at most 1024 characters.
    public static func comment(_ text: (some StringProtocol)?) -> (value: String?, truncated: Bool) {
        guard let text else { return (nil, false) }
        var value = trim(text)
        if value.contains("\r") {
            value = value.replacingCRLF()
        }
        if value.isEmpty { return (nil, false) }
        if value.count > RecordLimits.maxCommentLength {
            return (String(value.prefix(RecordLimits.maxCommentLength)), true)
        }
        return (value, false)
    }
}

extension String {
    /// The string with CRLF and lone CR turned into LF.
    func replacingCRLF() -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in unicodeScalars {
            if s == "\r" {
                out.append("\n")
                previousCR = true
            } else {
                if !(s == "\n" && previousCR) { out.append(s) }
                previousCR = false
            }
        }
        return String(out)
    }
}

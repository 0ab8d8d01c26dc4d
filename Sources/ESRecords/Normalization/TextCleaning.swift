/// Cell trimming and value unwrapping shared by every dialect (R9, R13, R26).
package enum TextCleaning {
    /// Whether `scalar` is trimmed from cells: ASCII whitespace plus NBSP, figure and narrow spaces,
    /// zero-width space/joiners, word joiner and a stray BOM.
    public static func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x2007, 0x202F, 0x200B...0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// Length of a trimmable UTF-8 sequence starting at `i`, or 0.
    @inlinable
    public static func trimmableLength(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = u[i]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        if b < 0xC2 { return 0 }
        if b == 0xC2 { return i + 1 < u.count && u[i + 1] == 0xA0 ? 2 : 0 }
        guard i + 2 < u.count else { return 0 }
        let c = u[i + 1], d = u[i + 2]
        if b == 0xE2 && c == 0x80 && (d == 0x87 || d == 0xAF || (d >= 0x8B && d <= 0x8D)) { return 3 }
        if b == 0xE2 && c == 0x81 && d == 0xA0 { return 3 }
        if b == 0xEF && c == 0xBB && d == 0xBF { return 3 }
        return 0
    }

    /// Whether the UTF-8 sequence ending just before `end` is trimmable; returns its length or 0.
    @inlinable
    public static func trimmableLength(_ u: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Int {
        let b = u[end - 1]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        if b < 0x80 { return 0 }
        if end >= 2, u[end - 2] == 0xC2, b == 0xA0 { return 2 }
        if end >= 3 { return trimmableLength(u, at: end - 3) == 3 ? 3 : 0 }
        return 0
    }

    /// Whether `text` holds a C0 control, DEL, a C1 control or U+FFFD (the replacement character); with
    /// `allowingLineBreaks`, tab, LF, VT, FF and CR (the controls R9 trims at the ends) are allowed inside.
    public static func hasControlCharacters(_ text: String, allowingLineBreaks: Bool) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09...0x0D where allowingLineBreaks: continue
            // U+FFFD: bytes that decoded to no character (0x81, 0x8D, 0x8F, 0x90, 0x9D in Windows-1252, or
            // invalid UTF-16); a guess must never become part of a record.
            case 0x00...0x1F, 0x7F...0x9F, 0xFFFD: return true
            default: continue
            }
        }
        return false
    }

    /// `text` as it can be shown on a terminal or in a log line: C0 and C1 controls, DEL and the bidi
    /// overrides are written as `\u{…}` escapes (but for the scalars in `keeping`), and the text is cut at
    /// `limit` characters with a note of how many more there were.
    ///
    /// Input echoed in a message must not retitle the terminal (`ESC ] 0 ;`), reorder what is shown, or
    /// write megabytes of a hostile header to stderr.
    public static func displayable(_ text: some StringProtocol, limit: Int? = 300,
                                   keeping: Set<Unicode.Scalar> = []) -> String {
        var out = ""
        var shown = 0
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if let limit, shown >= limit {
                var more = 1
                while iterator.next() != nil { more += 1 }
                out += "… (\(more) more characters)"
                break
            }
            shown += 1
            switch scalar.value {
            case _ where keeping.contains(scalar): out.unicodeScalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Trims leading and trailing ``isTrimmable(_:)`` characters, on UTF-8 bytes.
    public static func trim(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { u -> String in
            var start = 0, end = u.count
            while start < end {
                let n = trimmableLength(u, at: start)
                if n == 0 { break }
                start += n
            }
            while end > start {
                let n = trimmableLength(u, endingAt: end)
                if n == 0 { break }
                end -= n
            }
            if start == 0 && end == u.count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: u[start..<end]), as: UTF8.self)
        }
    }

    /// Trims a substring (see ``trim(_:)-(String)``).
    public static func trim(_ text: Substring) -> String {
        trim(String(text))
    }

    /// Collapses internal whitespace runs to one space after trimming (registry names, R31).
    public static func collapseWhitespace(_ text: String) -> String {
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
    public static func unwrap(_ text: String) -> (value: String, warnings: [WarningCode]) {
        var value = trim(text)
        var warnings: [WarningCode] = []
        guard let first = value.utf8.first else { return (value, warnings) }
        if (first == UInt8(ascii: "m") || first == UInt8(ascii: "M")), stripMailto(&value) {
            warnings.append(.mailtoStripped)
        }
        if value.utf8.last == UInt8(ascii: ">"), let open = value.lastIndex(of: "<") {
            let inner = value[value.index(after: open)..<value.index(before: value.endIndex)]
            if !inner.isEmpty, !inner.utf8.contains(UInt8(ascii: "<")) {
                value = trim(inner)
                warnings.append(.displayNameStripped)
                if stripMailto(&value) { warnings.append(.mailtoStripped) }
            }
        }
        if let f = value.utf8.first, f == UInt8(ascii: "\"") || f == UInt8(ascii: "'"), value.utf8.count >= 2,
           value.utf8.last == f {
            value = trim(value.dropFirst().dropLast())
        }
        if value.utf8.first == UInt8(ascii: "["), value.utf8.last == UInt8(ascii: "]"), value.utf8.count > 2 {
            var inner = value.dropFirst().dropLast()
            if inner.lowercased().hasPrefix("ipv6:") { inner = inner.dropFirst(5) }
            if IPAddress(inner) != nil { value = String(inner) }
        }
        return (value, warnings)
    }

    private static func stripMailto(_ value: inout String) -> Bool {
        let u = value.utf8
        guard u.count >= 7 else { return false }
        var i = u.startIndex
        for expected in "mailto:".utf8 {
            let b = u[i]
            guard b == expected || (b >= 65 && b <= 90 && b + 32 == expected) else { return false }
            i = u.index(after: i)
        }
        value = trim(value[i...])
        return true
    }

    /// Normalizes a source comment: trimmed, CRLF/CR → LF, empty → `nil`, at most 1024 characters.
    public static func comment(_ text: String?) -> (value: String?, truncated: Bool) {
        guard let text else { return (nil, false) }
        var value = trim(text)
        if value.utf8.contains(13) {
            value = value.replacingCRLF()
        }
        if value.isEmpty { return (nil, false) }
        if value.utf8.count > RecordLimits.maxCommentLength, value.count > RecordLimits.maxCommentLength {
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

extension StringProtocol {
    /// Whether the UTF-8 contains `byte` (a fast, Foundation-free `contains` for ASCII characters).
    @inlinable
    public func containsASCII(_ character: Unicode.Scalar) -> Bool {
        utf8.contains(UInt8(truncatingIfNeeded: character.value))
    }
}

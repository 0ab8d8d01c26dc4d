/// Which kinds of character a value contains, from one pass over its UTF-8 (R14's classification inputs).
///
/// Classification asks several questions of every value (IP-shaped? glob? regex syntax? an `@`?); one
/// scan answers them all.
package struct ValueProfile: Sendable, Hashable {
    public var digits = 0, dots = 0, colons = 0, stars = 0, questions = 0, ats = 0
    public var hexLetters = 0, otherLetters = 0, spaces = 0, ipPunctuation = 0, percent = 0
    public var regexSyntax = false, nonASCII = false, other = 0

    /// Profiles `text`.
    public init(_ text: String) {
        var afterPercent = false
        for b in text.utf8 {
            // An IPv6 zone id (`fe80::1%eth0`) is whatever follows `%`; it must not make the value look like a name.
            if afterPercent { if b >= 0x80 { nonASCII = true }; continue }
            switch b {
            case 48...57: digits += 1
            case UInt8(ascii: "."): dots += 1
            case UInt8(ascii: ":"): colons += 1
            case UInt8(ascii: "*"): stars += 1
            case UInt8(ascii: "?"): questions += 1
            case UInt8(ascii: "@"): ats += 1
            case 65...70, 97...102: hexLetters += 1
            case 71...90, 103...122: otherLetters += 1
            case UInt8(ascii: " "): spaces += 1
            case UInt8(ascii: "/"), UInt8(ascii: "-"): ipPunctuation += 1
            case UInt8(ascii: "%"): percent += 1; afterPercent = true
            case UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"):
                regexSyntax = true
            case 0x80...: nonASCII = true
            default: other += 1
            }
        }
    }

    /// Whether the value is shaped like an IP form (see ``IPPattern/looksLikeIP(_:allowBareNumber:)``).
    public func looksLikeIP(allowBareNumber: Bool) -> Bool {
        if otherLetters > 0 || nonASCII || regexSyntax || other > 0 || ats > 0 || questions > 0 { return false }
        if percent > 0 { return colons >= 2 }
        if colons >= 2 { return true }
        if colons > 0 || hexLetters > 0 { return false }
        guard digits > 0 else { return false }
        if dots > 0 { return true }
        return allowBareNumber && stars == 0
    }

    /// Whether the value is a glob: `*` or `?` and no regex syntax.
    public var isGlob: Bool { (stars > 0 || questions > 0) && !regexSyntax }
}

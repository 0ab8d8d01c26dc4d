import Foundation

/// Checks for regular expressions passed through to the API (R23), which evaluates them as Java regexes.
///
/// ICU's syntax (what `NSRegularExpression` compiles) is the closest available to `java.util.regex`;
/// constructs both reject (unbalanced groups, bad classes, dangling quantifiers) are refused here too.
package enum RegexPattern {
    /// Whether the expression compiles.
    public static func compiles(_ pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern)) != nil
    }

    /// Whether the expression is a catch-all (`.*`, `^.*$`, `.*@.*`, `.+`, …) with no literal to anchor on.
    ///
    /// A pattern is too broad when, once anchors, groups, the wildcard `.` and its quantifiers are removed,
    /// nothing is left but `@` and (escaped) dots.
    public static func isTooBroad(_ pattern: String) -> Bool {
        var rest = Substring(pattern)
        var significant = false
        while let c = rest.first {
            rest.removeFirst()
            switch c {
            case "^", "$", "(", ")", "*", "+", "?", "|", ".", "@": continue
            case "\\":
                if let next = rest.first {
                    rest.removeFirst()
                    // `\.` is a literal dot, as uninformative as `.`; `\S`, `\w`… are classes, not literals.
                    if next == "." || next.isLetter && "SWDswd".contains(next) { continue }
                }
                significant = true
            default:
                significant = true
            }
            if significant { return false }
        }
        return true
    }

    /// Characters that mark a value as a regular expression rather than an address or domain.
    ///
    /// `.`, `+`, `-` and `*`/`?` are deliberately absent: they occur in addresses, domains and globs.
    public static func hasRegexSyntax(_ text: some StringProtocol) -> Bool {
        text.utf8.contains { b in
            switch b {
            case UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"):
                return true
            default:
                return false
            }
        }
    }

    /// Escapes every regex metacharacter so `text` matches literally.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for c in text {
            if "\\.+*?()[]{}|^$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

/// Validation and normalization of plain email addresses (R15).
///
/// Exactly one `@`; the local part is an RFC 5322 dot-atom of at most 64 characters; the domain follows
/// ``DomainName``; the whole address is lower-cased and at most 254 characters.
public enum EmailAddress {
    /// A normalized address and whether its domain needed an IDN conversion.
    public struct Normalized: Sendable, Hashable {
        public var address: String
        public var convertedIDN: Bool
    }

    /// Normalizes `text`, or returns `nil` when it is not a valid address.
    public static func normalize(_ text: some StringProtocol) -> Normalized? {
        let parts = text.split(separator: "@", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let local = parts[0], domainPart = parts[1]
        guard isDotAtom(local), local.utf8.count <= 64, !domainPart.hasSuffix("."),
              let domain = DomainName.normalize(domainPart) else { return nil }
        let address = local.lowercased() + "@" + domain.name
        guard address.utf8.count <= 254 else { return nil }
        return Normalized(address: address, convertedIDN: domain.convertedIDN)
    }

    /// Whether `text` is a valid address as the API's `EMAIL` type expects.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        normalize(text) != nil
    }

    /// RFC 5322 dot-atom: atext runs separated by single dots, no leading or trailing dot.
    static func isDotAtom(_ s: some StringProtocol) -> Bool {
        guard let first = s.utf8.first, first != UInt8(ascii: "."), !s.hasSuffix(".") else { return false }
        var previousDot = false
        for b in s.utf8 {
            if b == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            guard isAtext(b) else { return false }
        }
        return true
    }

    private static func isAtext(_ b: UInt8) -> Bool {
        switch b {
        case 65...90, 97...122, 48...57: return true
        default: return "!#$%&'*+-/=?^_`{|}~".utf8.contains(b)
        }
    }
}

/// Validation and normalization of plain email addresses (R15).
///
/// Exactly one `@`; the local part is an RFC 5322 dot-atom of at most 64 characters; the domain follows
/// ``DomainName``; the whole address is lower-cased and at most 254 characters.
package enum EmailAddress {
    /// A normalized address and whether its domain needed an IDN conversion.
    package struct Normalized: Sendable, Hashable {
        public var address: String
        public var convertedIDN: Bool
    }

    /// Normalizes `text`, or returns `nil` when it is not a valid address.
    public static func normalize(_ text: String) -> Normalized? {
        var text = text
        // ASCII addresses (nearly all) are validated and lower-cased in one pass into one new string.
        let fast: Normalized?? = text.withUTF8 { u in
            var at = -1
            for i in 0..<u.count {
                let b = u[i]
                if b >= 0x80 { return .none }
                if b == UInt8(ascii: "@") {
                    if at >= 0 { return .some(nil) }
                    at = i
                }
            }
            guard at > 0, at <= 64, at < u.count - 1, u.count <= 254 else { return .some(nil) }
            guard isDotAtom(UnsafeBufferPointer(rebasing: u[0..<at])), u[u.count - 1] != UInt8(ascii: ".") else {
                return .some(nil)
            }
            guard DomainName.isValidASCII(UnsafeBufferPointer(rebasing: u[(at + 1)...])) else { return .some(nil) }
            let address = String(unsafeUninitializedCapacity: u.count) { out in
                for i in 0..<u.count {
                    let b = u[i]
                    out[i] = b >= 65 && b <= 90 ? b + 32 : b
                }
                return u.count
            }
            return .some(Normalized(address: address, convertedIDN: false))
        }
        if let fast { return fast }
        return normalizeUnicode(text)
    }

    /// Addresses with non-ASCII characters: the local part must still be ASCII; the domain may be an IDN.
    static func normalizeUnicode(_ text: String) -> Normalized? {
        var text = text
        let split: (local: String, domain: String)? = text.withUTF8 { u in
            var at = -1
            for i in 0..<u.count where u[i] == UInt8(ascii: "@") {
                if at >= 0 { return nil }
                at = i
            }
            guard at > 0, at <= 64, at < u.count - 1 else { return nil }
            let local = UnsafeBufferPointer(rebasing: u[0..<at])
            guard isDotAtom(local) else { return nil }
            var lowered = [UInt8](local)
            for k in 0..<lowered.count where lowered[k] >= 65 && lowered[k] <= 90 { lowered[k] += 32 }
            let domain = UnsafeBufferPointer(rebasing: u[(at + 1)...])
            guard domain.last != UInt8(ascii: ".") else { return nil }
            return (String(decoding: lowered, as: UTF8.self), String(decoding: domain, as: UTF8.self))
        }
        guard let split, let domain = DomainName.normalize(split.domain) else { return nil }
        let address = split.local + "@" + domain.name
        guard address.utf8.count <= 254 else { return nil }
        return Normalized(address: address, convertedIDN: domain.convertedIDN)
    }

    /// Normalizes a substring (see ``normalize(_:)-(String)``).
    public static func normalize(_ text: Substring) -> Normalized? {
        normalize(String(text))
    }

    /// Whether `text` is a valid address as the API's `EMAIL` type expects.
    public static func isValid(_ text: String) -> Bool {
        normalize(text) != nil
    }

    /// RFC 5322 dot-atom: atext runs separated by single dots, no leading or trailing dot (ASCII only).
    static func isDotAtom(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = s.first, first != UInt8(ascii: "."), s.last != UInt8(ascii: ".") else { return false }
        var previousDot = false
        for b in s {
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

    /// Dot-atom check of a string (see ``isDotAtom(_:)-(UnsafeBufferPointer<UInt8>)``).
    static func isDotAtom(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isDotAtom($0) }
    }

    @inline(__always)
    private static func isAtext(_ b: UInt8) -> Bool {
        switch b {
        case 65...90, 97...122, 48...57: return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }
}

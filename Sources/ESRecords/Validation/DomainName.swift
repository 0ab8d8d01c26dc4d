import Foundation

/// Validation and IDN conversion of domain names, as the API's `DOMAIN` type expects them.
///
/// R16: strip one trailing dot; IDN labels become lower-case A-labels (`bücher.example` →
/// `xn--bcher-kva.example`); at least two LDH labels of 1–63 characters without leading or trailing
/// hyphens; the TLD is not all-numeric; at most 253 characters.
package enum DomainName {
    /// A normalized domain and whether an IDN conversion happened.
    package struct Normalized: Sendable, Hashable {
        public var name: String
        public var convertedIDN: Bool
    }

    /// Normalizes `text` to its lower-case ASCII form, or returns `nil` when it is not a valid domain.
    public static func normalize(_ text: String) -> Normalized? {
        var text = text
        let fast: Normalized?? = text.withUTF8 { u in
            guard !u.contains(where: { $0 >= 0x80 }) else { return .none }   // IDN: take the Unicode path
            return .some(normalizeASCII(u))
        }
        if let fast { return fast }
        return normalizeUnicode(text)
    }

    /// Normalizes a substring (see ``normalize(_:)-(String)``).
    public static func normalize(_ text: Substring) -> Normalized? {
        normalize(String(text))
    }

    /// Whether ASCII bytes form a valid domain with no trailing dot (R16), without building anything.
    static func isValidASCII(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        scanASCII(input, lowercasedInto: nil)
    }

    /// The ASCII path: one pass that validates and lower-cases (one trailing dot is dropped).
    static func normalizeASCII(_ input: UnsafeBufferPointer<UInt8>) -> Normalized? {
        var count = input.count
        if count > 0, input[count - 1] == UInt8(ascii: ".") { count -= 1 }
        let body = UnsafeBufferPointer(rebasing: input[0..<count])
        var valid = false
        let name = String(unsafeUninitializedCapacity: count) { out in
            valid = scanASCII(body, lowercasedInto: out.baseAddress)
            return valid ? count : 0
        }
        return valid ? Normalized(name: name, convertedIDN: false) : nil
    }

    /// R16's label rules over ASCII bytes, writing the lower-cased bytes to `out` when given.
    private static func scanASCII(_ input: UnsafeBufferPointer<UInt8>, lowercasedInto out: UnsafeMutablePointer<UInt8>?)
        -> Bool
    {
        let count = input.count
        guard count > 0, count <= 253 else { return false }
        var labels = 1, labelLength = 0, labelAllDigits = true, previous: UInt8 = UInt8(ascii: ".")
        for i in 0..<count {
            var b = input[i]
            if b == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                labelLength = 0
                labelAllDigits = true
            } else {
                if b >= 65 && b <= 90 { b += 32 }
                let isDigit = b >= 48 && b <= 57
                guard (b >= 97 && b <= 122) || isDigit || b == UInt8(ascii: "-") else { return false }
                if labelLength == 0 && b == UInt8(ascii: "-") { return false }
                labelLength += 1
                guard labelLength <= 63 else { return false }
                if !isDigit { labelAllDigits = false }
            }
            out?[i] = b
            previous = b
        }
        return labels >= 2 && labelLength > 0 && previous != UInt8(ascii: "-") && !labelAllDigits
    }

    /// The Unicode path: NFC, lower case and Punycode for non-ASCII labels, then the ASCII rules.
    static func normalizeUnicode(_ text: String) -> Normalized? {
        var s = Substring(text)
        if s.hasSuffix(".") { s.removeLast() }
        guard !s.isEmpty, s.utf8.count <= 1024 else { return nil }
        var labels: [String] = []
        var converted = false
        for rawLabel in s.split(separator: ".", omittingEmptySubsequences: false) {
            if rawLabel.utf8.allSatisfy({ $0 < 0x80 }) {
                labels.append(String(rawLabel))
            } else {
                // U-label: NFC then lower-case (the parts of UTS #46 mapping a list file needs).
                let mapped = String(rawLabel).precomposedNFCLowercased()
                guard mapped.unicodeScalars.allSatisfy({ isAllowedUnicode($0) }),
                      let encoded = Punycode.encode(mapped) else { return nil }
                labels.append("xn--" + encoded)
                converted = true
            }
        }
        var ascii = labels.joined(separator: ".")
        guard let n = ascii.withUTF8({ normalizeASCII($0) }) else { return nil }
        return Normalized(name: n.name, convertedIDN: converted)
    }

    /// Whether `text` is a valid domain as the API's `DOMAIN` type expects.
    public static func isValid(_ text: String) -> Bool {
        normalize(text) != nil
    }

    private static func isAllowedUnicode(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let b = UInt8(scalar.value)
            return (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == UInt8(ascii: "-")
        }
        let props = scalar.properties
        return !props.isWhitespace && props.generalCategory != .control && props.generalCategory != .format
            && props.generalCategory != .spaceSeparator && props.generalCategory != .privateUse
    }
}

extension String {
    /// NFC-composed and lower-cased, as IDNA mapping expects before Punycode.
    func precomposedNFCLowercased() -> String {
        precomposedStringWithCanonicalMapping.lowercased()
    }
}

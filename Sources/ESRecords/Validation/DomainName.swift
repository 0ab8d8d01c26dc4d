import Foundation

/// Validation and IDN conversion of domain names, as the API's `DOMAIN` type expects them.
///
/// R16: strip one trailing dot; IDN labels become lower-case A-labels (`bücher.example` →
/// `xn--bcher-kva.example`); at least two LDH labels of 1–63 characters without leading or trailing
/// hyphens; the TLD is not all-numeric; at most 253 characters.
public enum DomainName {
    /// A normalized domain and whether an IDN conversion happened.
    public struct Normalized: Sendable, Hashable {
        public var name: String
        public var convertedIDN: Bool
    }

    /// Normalizes `text` to its lower-case ASCII form, or returns `nil` when it is not a valid domain.
    public static func normalize(_ text: some StringProtocol) -> Normalized? {
        var s = Substring(text)
        if s.hasSuffix(".") { s.removeLast() }
        guard !s.isEmpty, s.utf8.count <= 1024 else { return nil }
        var labels: [String] = []
        var converted = false
        for rawLabel in s.split(separator: ".", omittingEmptySubsequences: false) {
            if rawLabel.utf8.allSatisfy({ $0 < 0x80 }) {
                labels.append(rawLabel.lowercased())
            } else {
                // U-label: NFC then lower-case (the parts of UTS #46 mapping a list file needs).
                let mapped = String(rawLabel).precomposedNFCLowercased()
                guard mapped.unicodeScalars.allSatisfy({ isAllowedUnicode($0) }),
                      let encoded = Punycode.encode(mapped) else { return nil }
                labels.append("xn--" + encoded)
                converted = true
            }
        }
        guard labels.count >= 2 else { return nil }
        for label in labels where !isValidLDHLabel(label) { return nil }
        guard let tld = labels.last, !tld.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let name = labels.joined(separator: ".")
        guard name.utf8.count <= 253 else { return nil }
        return Normalized(name: name, convertedIDN: converted)
    }

    /// Whether `text` is already a valid, normalized domain (the API's strict check on write).
    public static func isValid(_ text: some StringProtocol) -> Bool {
        guard let n = normalize(text) else { return false }
        return n.name == String(text) || n.name + "." == String(text) || n.name == text.lowercased()
    }

    static func isValidLDHLabel(_ label: String) -> Bool {
        let bytes = label.utf8
        guard (1...63).contains(bytes.count),
              bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { b in
            (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == UInt8(ascii: "-")
        }
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

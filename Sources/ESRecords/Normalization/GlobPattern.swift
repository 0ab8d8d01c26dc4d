/// Conversion of legacy globs (`*`, `?`) into API patterns (R22).
package enum GlobPattern {
    /// The API pattern a glob becomes.
    package struct Converted: Sendable, Hashable {
        public var pattern: String
        public var patternType: PatternType
        public var isRegex: Bool
        public var warnings: [WarningCode]
    }

    /// Whether `text` is a glob: it has `*` or `?` and none of the characters that make it a regex.
    public static func isGlob(_ text: String) -> Bool {
        ValueProfile(text).isGlob
    }

    /// The subdomain-only regex `^.*\.<escaped d>$` for a validated domain `d`.
    public static func subdomainRegex(_ domain: String) -> String {
        "^.*\\." + RegexPattern.escape(domain) + "$"
    }

    /// Converts a glob.
    ///
    /// `*@d` → DOMAIN `d`; `*@*.d` and `*.d` → subdomain regex; anything else → an anchored regex, EMAIL
    /// when it contains `@`. A glob whose only literals are `@` and `.` is `pattern_too_broad`.
    public static func convert(_ glob: String) -> Result<Converted, ReasonCode> {
        let text = glob.lowercased()
        if text.allSatisfy({ "*?@.".contains($0) }) { return .failure(.patternTooBroad) }
        if text.hasPrefix("*@"), !text.dropFirst(2).contains(where: { "*?@".contains($0) }) {
            guard let domain = DomainName.normalize(text.dropFirst(2)) else { return .failure(.invalidDomain) }
            var warnings: [WarningCode] = [.globDomainSimplified]
            if domain.convertedIDN { warnings.append(.idnConverted) }
            return .success(Converted(pattern: domain.name, patternType: .domain, isRegex: false, warnings: warnings))
        }
        for prefix in ["*@*.", "*."] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if !rest.contains(where: { "*?@".contains($0) }) {
                guard let domain = DomainName.normalize(rest) else { return .failure(.invalidDomain) }
                var warnings: [WarningCode] = [.globConvertedToRegex]
                if domain.convertedIDN { warnings.append(.idnConverted) }
                return .success(Converted(pattern: subdomainRegex(domain.name), patternType: .domain,
                                          isRegex: true, warnings: warnings))
            }
        }
        // General glob: punycode the wildcard-free labels of the domain part, escape, translate wildcards.
        var warnings: [WarningCode] = [.globConvertedToRegex]
        var body = text
        if let at = text.lastIndex(of: "@") {
            let domainPart = text[text.index(after: at)...]
            var labels: [String] = []
            for label in domainPart.split(separator: ".", omittingEmptySubsequences: false) {
                if label.contains(where: { $0 == "*" || $0 == "?" }) || label.utf8.allSatisfy({ $0 < 0x80 }) {
                    labels.append(String(label))
                } else if let encoded = Punycode.encode(String(label).precomposedNFCLowercased()) {
                    labels.append("xn--" + encoded)
                    warnings.append(.idnConverted)
                } else {
                    return .failure(.invalidEmail)
                }
            }
            body = String(text[...at]) + labels.joined(separator: ".")
        }
        var regex = "^"
        for c in body {
            switch c {
            case "*": regex += ".*"
            case "?": regex += "."
            default: regex += RegexPattern.escape(String(c))
            }
        }
        regex += "$"
        let type: PatternType = text.containsASCII("@") ? .email : .domain
        return .success(Converted(pattern: regex, patternType: type, isRegex: true, warnings: warnings))
    }
}

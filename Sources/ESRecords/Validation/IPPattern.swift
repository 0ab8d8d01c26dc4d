/// Parses every textual IP form a legacy list uses into the exact CIDR networks it denotes.
///
/// Forms (`legacy-formats.md` §11 R17–R20): address; `a/prefix` (host bits masked); `a/netmask`;
/// ranges `a-b` and Cisco short forms (`n.n.n.n-n`, `n.n.n-n`, `n.n-n`, `n-n`, optional trailing dot);
/// partial IPv4 (`198.51.100.`, `172.168.1`, `10.1.`); trailing wildcards (`203.0.113.*`).
package enum IPPattern {
    /// The networks an IP form denotes, with the advisory warnings its conversion raised.
    package struct Parsed: Sendable, Hashable {
        public var networks: [IPNetwork]
        public var warnings: [WarningCode]
    }

    /// Whether `text` is shaped like an IP form at all (and should be validated as one).
    ///
    /// - Parameters:
    ///   - text: the value as the source gave it.
    ///   - allowBareNumber: Cisco HAT treats `n` as a partial address; elsewhere a bare number is not an IP.
    public static func looksLikeIP(_ text: String, allowBareNumber: Bool = false) -> Bool {
        ValueProfile(text).looksLikeIP(allowBareNumber: allowBareNumber)
    }

    /// Parses an IP form, or returns the reason code it is invalid for.
    public static func parse(_ raw: String, allowBareNumber: Bool = false) -> Result<Parsed, ReasonCode> {
        let text = raw.utf8.contains(UInt8(ascii: " ")) ? raw.filter { $0 != " " } : raw
        if text.containsASCII("%") { return .failure(.invalidIP) }          // IPv6 zone ids are host-local
        if let slash = text.firstIndex(of: "/") {
            return parseSlash(String(text[..<slash]), String(text[text.index(after: slash)...]))
        }
        if text.containsASCII("-") { return parseRange(text) }
        if text.containsASCII("*") { return parseWildcard(text) }
        if let address = IPAddress(text) {
            return .success(Parsed(networks: [IPNetwork(address: address, prefixLength: address.bitWidth)], warnings: []))
        }
        if !text.containsASCII(":"), let partial = parsePartialV4(text, allowBareNumber: allowBareNumber) {
            return .success(Parsed(networks: [partial], warnings: []))
        }
        return .failure(.invalidIP)
    }

    private static func parseSlash(_ addressText: String, _ suffix: String) -> Result<Parsed, ReasonCode> {
        guard let address = IPAddress(addressText) else { return .failure(.invalidIP) }
        let prefix: Int
        if suffix.containsASCII(".") {
            guard address.family == .v4, let mask = IPAddress.parseV4(suffix) else { return .failure(.invalidNetmask) }
            // Contiguous iff the inverted mask is 2^k - 1.
            let inverted = ~mask
            guard inverted & (inverted &+ 1) == 0 else { return .failure(.invalidNetmask) }
            prefix = mask.nonzeroBitCount
        } else {
            guard !suffix.isEmpty, suffix.utf8.count <= 3, suffix.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let p = Int(suffix), p <= address.bitWidth else { return .failure(.invalidIP) }
            prefix = p
        }
        var warnings: [WarningCode] = []
        if IPNetwork.hasHostBits(address, prefixLength: prefix) { warnings.append(.cidrHostBitsMasked) }
        return .success(Parsed(networks: [IPNetwork(address: address, prefixLength: prefix)], warnings: warnings))
    }

    private static func parseRange(_ text: String) -> Result<Parsed, ReasonCode> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return .failure(.invalidIP) }
        let left = String(parts[0]), right = String(parts[1])
        let start: IPAddress, end: IPAddress
        if let a = IPAddress(left), let b = IPAddress(right) {
            start = a; end = b
        } else if let (a, b) = ciscoShortRange(left, right) {
            start = a; end = b
        } else {
            return .failure(.invalidIP)
        }
        guard start.family == end.family else { return .failure(.invalidIPRange) }
        guard let cover = IPNetwork.cover(from: start, to: end) else { return .failure(.invalidIPRange) }
        return .success(Parsed(networks: cover, warnings: cover.count > 1 ? [.ipRangeSplit] : []))
    }

    /// Cisco short ranges: the right side replaces the last given octet (`10.1.1.10-20`, `10.1.1-5`, `10-12.`).
    private static func ciscoShortRange(_ left: String, _ right: String) -> (IPAddress, IPAddress)? {
        var r = right
        if r.hasSuffix(".") { r.removeLast() }
        if left.hasSuffix(".") { return nil }
        guard !r.containsASCII("."), let high = octet(r) else {
            if left.containsASCII(":"), let a = IPAddress(left), let b = IPAddress(right) { return (a, b) }
            return nil
        }
        let octets = left.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(octets.count) else { return nil }
        var values: [UInt32] = []
        for o in octets { guard let v = octet(o) else { return nil }; values.append(v) }
        let given = values.count
        var lowBits: UInt32 = 0, highBits: UInt32 = 0
        for k in 0..<4 {
            let lowOctet: UInt32 = k < given ? values[k] : 0
            let highOctet: UInt32 = k < given - 1 ? values[k] : (k == given - 1 ? high : 255)
            lowBits = lowBits << 8 | lowOctet
            highBits = highBits << 8 | highOctet
        }
        return (IPAddress(v4: lowBits), IPAddress(v4: highBits))
    }

    private static func parseWildcard(_ text: String) -> Result<Parsed, ReasonCode> {
        guard !text.containsASCII(":") else { return .failure(.invalidIP) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return .failure(.invalidIP) }
        var value: UInt32 = 0
        var fixed = 0
        var seenStar = false
        for p in parts {
            if p == "*" {
                seenStar = true
                value <<= 8
            } else {
                if seenStar { return .failure(.unsupportedIPWildcard) }
                guard let v = octet(p) else { return .failure(.invalidIP) }
                value = value << 8 | v
                fixed += 1
            }
        }
        if fixed == 0 { return .failure(.patternTooBroad) }
        let network = IPNetwork(address: IPAddress(v4: value), prefixLength: fixed * 8)
        return .success(Parsed(networks: [network], warnings: []))
    }

    private static func parsePartialV4(_ text: String, allowBareNumber: Bool) -> IPNetwork? {
        var t = Substring(text)
        let trailingDot = t.hasSuffix(".")
        if trailingDot { t.removeLast() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        if parts.count == 1 && !(trailingDot || allowBareNumber) { return nil }
        var value: UInt32 = 0
        for p in parts { guard let v = octet(p) else { return nil }; value = value << 8 | v }
        value <<= UInt32(8 * (4 - parts.count))
        return IPNetwork(address: IPAddress(v4: value), prefixLength: parts.count * 8)
    }

    private static func octet(_ s: some StringProtocol) -> UInt32? {
        guard !s.isEmpty, s.utf8.count <= 3, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if s.utf8.count > 1 && s.utf8.first == 48 { return nil }
        guard let v = UInt32(s), v <= 255 else { return nil }
        return v
    }
}

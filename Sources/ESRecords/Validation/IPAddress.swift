/// An IPv4 or IPv6 address held in one 128-bit space.
///
/// IPv4 addresses are stored as IPv4-mapped IPv6 (`::ffff:a.b.c.d`) so that every range check — including
/// the API's rule that IPv4-mapped equivalents of private space are private too — is one comparison on
/// `UInt128`. `family` remembers how the address was written so it is printed back the same way.
package struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address family an address was written in.
    package enum Family: Sendable, Hashable { case v4, v6 }

    /// The address in the 128-bit space (IPv4 mapped into `::ffff:0:0/96`).
    public let value: UInt128
    public let family: Family

    static let v4MappedPrefix: UInt128 = 0xffff << 32

    /// Creates an IPv4 address from its 32-bit value.
    public init(v4 bits: UInt32) {
        value = IPAddress.v4MappedPrefix | UInt128(bits)
        family = .v4
    }

    /// Creates an IPv6 address from its 128-bit value.
    public init(v6 bits: UInt128) {
        value = bits
        family = .v6
    }

    /// The number of bits in this address's family (32 or 128).
    public var bitWidth: Int { family == .v4 ? 32 : 128 }

    /// The address as a number within its own family (32-bit value for IPv4).
    public var familyValue: UInt128 { family == .v4 ? value & 0xffff_ffff : value }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool { lhs.value < rhs.value }

    /// Parses a plain IPv4 dotted quad or any RFC 4291 IPv6 text form; zone ids are refused.
    public init?(_ text: some StringProtocol) {
        if let v4 = IPAddress.parseV4(text) {
            self.init(v4: v4)
        } else if let v6 = IPAddress.parseV6(text) {
            self.init(v6: v6)
        } else {
            return nil
        }
    }

    /// Parses a strict dotted quad: four decimal octets ≤ 255, no leading zeros.
    public static func parseV4(_ text: some StringProtocol) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits == 1 && leadingZero { return nil }
                if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 3 || current > 255 { return nil }
            case UInt8(ascii: "."):
                if digits == 0 || octets == 3 { return nil }
                result = result << 8 | current
                octets += 1
                current = 0; digits = 0; leadingZero = false
            default:
                return nil
            }
        }
        guard octets == 3, digits > 0 else { return nil }
        return result << 8 | current
    }

    /// Parses any RFC 4291 text form of an IPv6 address (hex groups, `::`, a trailing dotted quad).
    public static func parseV6(_ text: some StringProtocol) -> UInt128? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.count <= 45, bytes.contains(UInt8(ascii: ":")) else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        var i = 0
        if bytes.starts(with: [58, 58]) {
            sawGap = true
            i = 2
            if i == bytes.count { return 0 }
        } else if bytes[0] == 58 {
            return nil
        }
        while i < bytes.count {
            // One group: hex digits, or a dotted quad at the very end.
            var j = i
            while j < bytes.count, bytes[j] != 58 { j += 1 }
            let group = bytes[i..<j]
            if group.isEmpty { return nil }
            if group.contains(UInt8(ascii: ".")) {
                guard j == bytes.count, let v4 = parseV4(String(decoding: group, as: UTF8.self)) else { return nil }
                let hi = UInt16(v4 >> 16), lo = UInt16(v4 & 0xffff)
                if sawGap { tail += [hi, lo] } else { head += [hi, lo] }
                i = j
                break
            }
            guard group.count <= 4 else { return nil }
            var v: UInt16 = 0
            for b in group {
                guard let d = hexValue(b) else { return nil }
                v = v << 4 | UInt16(d)
            }
            if sawGap { tail.append(v) } else { head.append(v) }
            if j == bytes.count { i = j; break }
            // bytes[j] == ':'
            if j + 1 < bytes.count, bytes[j + 1] == 58 {
                if sawGap { return nil }
                sawGap = true
                i = j + 2
                if i == bytes.count { break }
            } else {
                i = j + 1
                if i == bytes.count { return nil }   // trailing single colon
            }
        }
        let total = head.count + tail.count
        if sawGap {
            guard total <= 7 else { return nil }
        } else {
            guard total == 8 else { return nil }
        }
        var groups = head
        groups += Array(repeating: 0, count: 8 - total)
        groups += tail
        var value: UInt128 = 0
        for g in groups { value = value << 16 | UInt128(g) }
        return value
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    /// The canonical text: dotted quad for IPv4, RFC 5952 for IPv6.
    public var description: String {
        switch family {
        case .v4: return IPAddress.formatV4(UInt32(truncatingIfNeeded: value))
        case .v6: return IPAddress.formatV6(value)
        }
    }

    /// Dotted quad, built byte by byte (string interpolation of four integers cost more than parsing).
    static func formatV4(_ v: UInt32) -> String {
        String(unsafeUninitializedCapacity: 15) { out in
            var n = 0
            for shift in [24, 16, 8, 0] as [UInt32] {
                let octet = UInt8(truncatingIfNeeded: v >> shift)
                if octet >= 100 { out[n] = 48 + octet / 100; n += 1 }
                if octet >= 10 { out[n] = 48 + octet / 10 % 10; n += 1 }
                out[n] = 48 + octet % 10; n += 1
                if shift > 0 { out[n] = UInt8(ascii: "."); n += 1 }
            }
            return n
        }
    }

    /// RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups compressed
    /// (the first on a tie), and IPv4-mapped addresses with a dotted tail.
    static func formatV6(_ value: UInt128) -> String {
        if value >> 32 == 0xffff {
            return "::ffff:" + formatV4(UInt32(truncatingIfNeeded: value))
        }
        var groups = [UInt16](repeating: 0, count: 8)
        for k in 0..<8 { groups[k] = UInt16(truncatingIfNeeded: value >> UInt128(112 - 16 * k)) }
        var bestStart = -1, bestLen = 0, runStart = -1
        for k in 0...8 {
            if k < 8 && groups[k] == 0 {
                if runStart < 0 { runStart = k }
            } else if runStart >= 0 {
                let len = k - runStart
                if len > bestLen { bestLen = len; bestStart = runStart }
                runStart = -1
            }
        }
        if bestLen < 2 { bestStart = -1 }
        var out = ""
        var k = 0
        while k < 8 {
            if k == bestStart {
                out += "::"
                k += bestLen
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(groups[k], radix: 16)
            k += 1
        }
        return out
    }
}

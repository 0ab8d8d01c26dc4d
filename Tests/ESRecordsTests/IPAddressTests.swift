import Testing
@testable import ESRecords

@Suite("IP addresses (R17, R18)")
struct IPAddressTests {
    @Test("IPv6 text forms print as RFC 5952", arguments: [
        ("2001:DB8:0:0:1::1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),
        ("2001:db8::0:1", "2001:db8::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),   // a single zero group is never compressed
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),            // the longest run wins
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),      // first run on a tie
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("FE80::0202:B3FF:FE1E:8329", "fe80::202:b3ff:fe1e:8329"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("0:0:0:0:0:0:0:0", "::"),
    ])
    func rfc5952(input: String, expected: String) throws {
        let a = try #require(IPAddress(input))
        #expect(a.family == .v6)
        #expect(a.description == expected)
    }

    @Test("Invalid addresses are refused", arguments: [
        "203.000.113.005", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "", "a.b.c.d",
        "2001:db8::1::1", "2001:db8:::1", "12345::", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:",
        "fe80::1%eth0", "g::1",
    ])
    func invalid(input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test("Valid IPv4 round-trips", arguments: ["0.0.0.0", "203.0.113.5", "255.255.255.255", "10.0.0.1"])
    func ipv4(input: String) throws {
        let a = try #require(IPAddress(input))
        #expect(a.family == .v4)
        #expect(a.description == input)
    }
}

@Suite("IP patterns (R17–R20)")
struct IPPatternTests {
    @Test("Forms become the exact CIDR networks", arguments: [
        ("198.51.100.77/24", ["198.51.100.0/24"]),
        ("203.0.113.50/32", ["203.0.113.50"]),
        ("2001:db8:ffff::1/128", ["2001:db8:ffff::1"]),
        ("203.0.113.64/255.255.255.192", ["203.0.113.64/26"]),
        ("198.51.100.10-198.51.100.20", ["198.51.100.10/31", "198.51.100.12/30", "198.51.100.16/30", "198.51.100.20"]),
        ("198.51.100.0-198.51.100.255", ["198.51.100.0/24"]),
        ("203.0.113.10-20", ["203.0.113.10/31", "203.0.113.12/30", "203.0.113.16/30", "203.0.113.20"]),
        ("198.51.1-2", ["198.51.1.0/24", "198.51.2.0/24"]),
        ("203.0.113.*", ["203.0.113.0/24"]),
        ("198.51.*.*", ["198.51.0.0/16"]),
        ("198.51.100.", ["198.51.100.0/24"]),
        ("172.168.1", ["172.168.1.0/24"]),
        ("2001:db8::1-2001:db8::3", ["2001:db8::1", "2001:db8::2/127"]),
        ("2001:DB8::/32", ["2001:db8::/32"]),
        ("0.0.0.0/0", ["0.0.0.0/0"]),
    ])
    func forms(input: String, expected: [String]) throws {
        let parsed = try IPPattern.parse(input).get()
        #expect(parsed.networks.map(\.description) == expected)
    }

    @Test("Invalid forms name their reason", arguments: [
        ("203.0.113.5/33", ReasonCode.invalidIP),
        ("2001:db8::/129", .invalidIP),
        ("198.51.100.0/255.0.255.0", .invalidNetmask),
        ("203.0.113.200-203.0.113.100", .invalidIPRange),
        ("198.*.0.*", .unsupportedIPWildcard),
        ("10.20.*.20", .unsupportedIPWildcard),
        ("*.*.*.*", .patternTooBroad),
        ("198.51.100.300", .invalidIP),
        ("fe80::1%eth0", .invalidIP),
        ("203.0.113.1-2001:db8::1", .invalidIPRange),
    ])
    func invalid(input: String, reason: ReasonCode) {
        #expect(IPPattern.parse(input) == .failure(reason))
    }

    @Test("Host bits are masked with a warning")
    func hostBits() throws {
        let parsed = try IPPattern.parse("198.51.100.77/24").get()
        #expect(parsed.warnings == [.cidrHostBitsMasked])
        #expect(try IPPattern.parse("198.51.100.0/24").get().warnings.isEmpty)
    }

    @Test("A bare number is a partial IP only where the dialect says so")
    func bareNumber() {
        #expect(!IPPattern.looksLikeIP("12"))
        #expect(IPPattern.looksLikeIP("12", allowBareNumber: true))
        #expect((try? IPPattern.parse("12", allowBareNumber: true).get().networks.map(\.description)) == ["12.0.0.0/8"])
        #expect(!IPPattern.looksLikeIP("mail.example.net"))
        #expect(!IPPattern.looksLikeIP("cafe.be"))
        #expect(IPPattern.looksLikeIP("2001:db8::1"))
    }
}

@Suite("CIDR cover of ranges (R19)")
struct CIDRCoverTests {
    @Test("The cover is minimal, exact and ascending", arguments: [
        ("0.0.0.0", "255.255.255.255", 1),
        ("10.0.0.1", "10.0.0.254", 14),
        ("192.0.2.7", "192.0.2.7", 1),
        ("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1),
        ("2001:db8::1", "2001:db8::ffff", 16),
    ])
    func cover(start: String, end: String, count: Int) throws {
        let a = try #require(IPAddress(start)), b = try #require(IPAddress(end))
        let cover = try #require(IPNetwork.cover(from: a, to: b))
        #expect(cover.count == count)
        #expect(cover.first?.address == a)
        #expect(cover.last?.bounds.upperBound == b.value)
        for (x, y) in zip(cover, cover.dropFirst()) { #expect(x.bounds.upperBound + 1 == y.bounds.lowerBound) }
    }
}

@Suite("Non-public addresses (R21, api-contract §9)")
struct NonPublicRangeTests {
    @Test("Each class is reported with its code, in order", arguments: [
        ("0.0.0.0", ReasonCode.ipUnspecified), ("::", .ipUnspecified), ("255.255.255.255", .ipBroadcast),
        ("127.0.0.1", .ipLoopback), ("::1", .ipLoopback), ("169.254.10.10", .ipLinkLocal), ("fe80::1", .ipLinkLocal),
        ("10.1.2.3", .ipPrivate), ("172.20.4.4", .ipPrivate), ("192.168.1.50", .ipPrivate),
        ("fd12:3456:789a::1", .ipUniqueLocal), ("::ffff:10.0.0.1", .ipPrivate), ("::ffff:127.0.0.1", .ipLoopback),
        ("0.0.0.0/0", .ipUnspecified), ("10.0.0.0/7", .ipPrivate), ("172.16.0.0/11", .ipPrivate),
    ])
    func nonPublic(input: String, reason: ReasonCode) throws {
        let networks = try IPPattern.parse(input).get().networks
        #expect(NonPublicRange.violation(in: networks) == reason)
    }

    @Test("Documentation ranges and look-alikes are public", arguments: [
        "192.0.2.15", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "172.32.0.9", "172.168.1.0/24",
        "172.15.255.255", "11.0.0.0/8", "2a05:d018:7c2::/48",
    ])
    func isPublic(input: String) throws {
        let networks = try IPPattern.parse(input).get().networks
        #expect(NonPublicRange.violation(in: networks) == nil)
    }

    @Test("The table's numeric networks are the ranges R21 writes as text")
    func tableAsText() throws {
        let text: [(ReasonCode, [String])] = [
            (.ipUnspecified, ["0.0.0.0/32", "::/128"]), (.ipBroadcast, ["255.255.255.255/32"]),
            (.ipLoopback, ["127.0.0.0/8", "::1/128"]), (.ipLinkLocal, ["169.254.0.0/16", "fe80::/10"]),
            (.ipPrivate, ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]), (.ipUniqueLocal, ["fc00::/7"]),
        ]
        #expect(NonPublicRange.classes.map(\.reason) == text.map(\.0))
        for ((_, networks), (reason, cidrs)) in zip(NonPublicRange.classes, text) {
            let parsed = try cidrs.flatMap { try IPPattern.parse($0).get().networks }
            #expect(networks == parsed, "\(reason)")
        }
    }
}

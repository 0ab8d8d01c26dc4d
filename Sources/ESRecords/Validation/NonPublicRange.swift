/// The address classes the API refuses for `pattern_type: IP`, in the order they are reported.
///
/// `legacy-formats.md` §11 R21 and `api-contract.md` §9. IPv4 classes are also matched in their
/// IPv4-mapped IPv6 form (`::ffff:10.0.0.1` is private) because addresses share one 128-bit space.
public enum NonPublicRange {
    /// Each class with its reason code and member networks, checked in this order.
    public static let classes: [(reason: ReasonCode, networks: [IPNetwork])] = [
        (.ipUnspecified, [v4("0.0.0.0", 32), v6("::", 128)]),
        (.ipBroadcast, [v4("255.255.255.255", 32)]),
        (.ipLoopback, [v4("127.0.0.0", 8), v6("::1", 128)]),
        (.ipLinkLocal, [v4("169.254.0.0", 16), v6("fe80::", 10)]),
        (.ipPrivate, [v4("10.0.0.0", 8), v4("172.16.0.0", 12), v4("192.168.0.0", 16)]),
        (.ipUniqueLocal, [v6("fc00::", 7)]),
    ]

    /// The first non-public class that any of `networks` overlaps, or `nil` when all are public.
    public static func violation(in networks: [IPNetwork]) -> ReasonCode? {
        for (reason, members) in classes {
            for network in networks where members.contains(where: { $0.overlaps(network) }) {
                return reason
            }
        }
        return nil
    }

    private static func v4(_ text: String, _ prefix: Int) -> IPNetwork {
        IPNetwork(address: IPAddress(v4: IPAddress.parseV4(text)!), prefixLength: prefix)
    }

    private static func v6(_ text: String, _ prefix: Int) -> IPNetwork {
        IPNetwork(address: IPAddress(v6: IPAddress.parseV6(text)!), prefixLength: prefix)
    }
}

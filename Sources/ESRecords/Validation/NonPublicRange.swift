/// The address classes the API refuses for `pattern_type: IP`, in the order they are reported.
///
/// `legacy-formats.md` §11 R21 and `api-contract.md` §9. IPv4 classes are also matched in their
/// IPv4-mapped IPv6 form (`::ffff:10.0.0.1` is private) because addresses share one 128-bit space.
package enum NonPublicRange {
    /// Each class with its reason code and member networks, checked in this order.
    public static let classes: [(reason: ReasonCode, networks: [IPNetwork])] = [
        (.ipUnspecified, [v4(0x0000_0000, 32), v6(0, 128)]),                     // 0.0.0.0, ::
        (.ipBroadcast, [v4(0xFFFF_FFFF, 32)]),                                   // 255.255.255.255
        (.ipLoopback, [v4(0x7F00_0000, 8), v6(1, 128)]),                         // 127/8, ::1
        (.ipLinkLocal, [v4(0xA9FE_0000, 16), v6(0xFE80 << 112, 10)]),            // 169.254/16, fe80::/10
        (.ipPrivate, [v4(0x0A00_0000, 8), v4(0xAC10_0000, 12), v4(0xC0A8_0000, 16)]),   // 10/8, 172.16/12, 192.168/16
        (.ipUniqueLocal, [v6(0xFC00 << 112, 7)]),                                // fc00::/7
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

    private static func v4(_ bits: UInt32, _ prefix: Int) -> IPNetwork {
        IPNetwork(address: IPAddress(v4: bits), prefixLength: prefix)
    }

    private static func v6(_ bits: UInt128, _ prefix: Int) -> IPNetwork {
        IPNetwork(address: IPAddress(v6: bits), prefixLength: prefix)
    }
}

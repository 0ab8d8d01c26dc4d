/// An IP network in CIDR form, always with its host bits cleared.
package struct IPNetwork: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first address of the network.
    public let address: IPAddress
    /// The prefix length within the address's family (0–32 for IPv4, 0–128 for IPv6).
    public let prefixLength: Int

    /// Creates a network, masking any host bits in `address`.
    public init(address: IPAddress, prefixLength: Int) {
        precondition(prefixLength >= 0 && prefixLength <= address.bitWidth, "prefix out of range")
        let hostBits = address.bitWidth - prefixLength
        let mask: UInt128 = hostBits >= 128 ? 0 : ~((UInt128(1) << UInt128(hostBits)) - 1)
        let masked = address.familyValue & mask
        self.address = address.family == .v4 ? IPAddress(v4: UInt32(masked)) : IPAddress(v6: masked)
        self.prefixLength = prefixLength
    }

    /// Whether `address` had host bits set below `prefixLength`.
    public static func hasHostBits(_ address: IPAddress, prefixLength: Int) -> Bool {
        IPNetwork(address: address, prefixLength: prefixLength).address != address
    }

    /// Lowest and highest address of the network in the shared 128-bit space.
    public var bounds: ClosedRange<UInt128> {
        let hostBits = address.bitWidth - prefixLength
        let size: UInt128 = hostBits == 128 ? ~0 : (UInt128(1) << UInt128(hostBits)) - 1
        return address.value...(address.value + size)
    }

    /// Whether the two networks share at least one address.
    public func overlaps(_ other: IPNetwork) -> Bool {
        bounds.overlaps(other.bounds)
    }

    public static func < (lhs: IPNetwork, rhs: IPNetwork) -> Bool {
        (lhs.address, lhs.prefixLength) < (rhs.address, rhs.prefixLength)
    }

    /// The API's text: a bare address for a single host (`/32`, `/128`), otherwise `address/prefix`.
    public var description: String {
        prefixLength == address.bitWidth ? address.description : "\(address)/\(prefixLength)"
    }
}

extension IPNetwork {
    /// The minimal exact CIDR cover of an inclusive address range, in ascending order.
    ///
    /// `198.51.100.10-198.51.100.20` → `.10/31 .12/30 .16/30 .20/32`.
    /// - Returns: `nil` when the ends are of different families or `start > end`.
    public static func cover(from start: IPAddress, to end: IPAddress) -> [IPNetwork]? {
        guard start.family == end.family, start.familyValue <= end.familyValue else { return nil }
        let width = start.bitWidth
        var result: [IPNetwork] = []
        var lo = start.familyValue
        let hi = end.familyValue
        while true {
            // Largest block aligned at `lo` that does not pass `hi`.
            var hostBits = lo == 0 ? width : min(lo.trailingZeroBitCount, width)
            while hostBits > 0 {
                let last = hostBits == 128 ? UInt128.max : lo + ((UInt128(1) << UInt128(hostBits)) - 1)
                if last <= hi && last >= lo { break }
                hostBits -= 1
            }
            let addr = start.family == .v4 ? IPAddress(v4: UInt32(lo)) : IPAddress(v6: lo)
            result.append(IPNetwork(address: addr, prefixLength: width - hostBits))
            let size: UInt128 = hostBits == 128 ? UInt128.max : (UInt128(1) << UInt128(hostBits)) - 1
            let last = lo + size
            if last >= hi { break }
            lo = last + 1
        }
        return result
    }
}

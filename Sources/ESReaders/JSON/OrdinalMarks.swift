/// Four bits for each object of a document, by ordinal: what a first pass learns about objects, in half a byte
/// each, so that a document of millions of policy objects costs megabytes, not hundreds of them.
struct OrdinalMarks: Sendable {
    private var bytes: [UInt8] = []

    /// The four bits of `ordinal` (0 for an ordinal never marked).
    subscript(ordinal: Int) -> UInt8 {
        guard ordinal >= 0, ordinal / 2 < bytes.count else { return 0 }
        return ordinal % 2 == 0 ? bytes[ordinal / 2] & 0x0F : bytes[ordinal / 2] >> 4
    }

    /// Sets the bits `bits` (of the low four) of `ordinal`.
    mutating func insert(_ bits: UInt8, at ordinal: Int) {
        guard ordinal >= 0 else { return }
        let index = ordinal / 2
        if index >= bytes.count { bytes += repeatElement(0, count: index - bytes.count + 1) }
        bytes[index] |= ordinal % 2 == 0 ? bits & 0x0F : (bits & 0x0F) << 4
    }
}

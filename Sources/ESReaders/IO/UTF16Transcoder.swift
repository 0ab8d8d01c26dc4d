/// Streams a UTF-16 file as UTF-8 so the byte-level readers only ever see UTF-8 (R1).
///
/// Writes the transcoded text to a temporary buffer chunk by chunk; memory stays at two buffers.
struct UTF16Transcoder {
    let bigEndian: Bool
    private var pendingByte: UInt8?
    private var pendingHighSurrogate: UInt16?

    init(bigEndian: Bool) {
        self.bigEndian = bigEndian
    }

    /// Transcodes a chunk, carrying a split code unit or surrogate pair over to the next call.
    mutating func transcode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var i = 0
        var units: [UInt16] = []
        units.reserveCapacity(input.count / 2 + 1)
        if let p = pendingByte, input.count > 0 {
            units.append(bigEndian ? UInt16(p) << 8 | UInt16(input[0]) : UInt16(input[0]) << 8 | UInt16(p))
            pendingByte = nil
            i = 1
        }
        while i + 1 < input.count {
            let a = UInt16(input[i]), b = UInt16(input[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        if i < input.count { pendingByte = input[i] }
        for u in units {
            if let high = pendingHighSurrogate {
                pendingHighSurrogate = nil
                if (0xDC00...0xDFFF).contains(u) {
                    let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00)
                    append(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &output)   // always a scalar: 0x10000...0x10FFFF
                    continue
                }
                append("\u{FFFD}", to: &output)
            }
            if (0xD800...0xDBFF).contains(u) {
                pendingHighSurrogate = u
            } else if let s = Unicode.Scalar(u) {
                append(s, to: &output)
            } else {
                append("\u{FFFD}", to: &output)
            }
        }
    }

    private func append(_ s: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(s) { output.append($0) }
    }
}

/// Byte-order marks and legacy decoding (R1).
package enum TextEncoding: Sendable, Hashable {
    case utf8, utf16LE, utf16BE

    /// Detects a BOM at the start of `bytes`; returns the encoding and the BOM's length.
    public static func detectBOM(_ bytes: some Collection<UInt8>) -> (TextEncoding, Int) {
        let b = Array(bytes.prefix(3))
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return (.utf8, 3) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return (.utf16LE, 2) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return (.utf16BE, 2) }
        return (.utf8, 0)
    }

    /// The encoding of a file from its first bytes: its byte-order mark, else UTF-16 recognised by the NUL
    /// pattern of its first KiB (text that is mostly ASCII has a NUL in every other byte: the odd ones for
    /// little-endian, the even ones for big-endian), else UTF-8. Returns the BOM's length (0 without one).
    public static func detect(_ bytes: some Collection<UInt8>) -> (TextEncoding, Int) {
        let (encoding, bom) = detectBOM(bytes)
        if bom > 0 { return (encoding, bom) }
        let head = Array(bytes.prefix(1024))
        let pairs = head.count / 2
        guard pairs >= 2 else { return (.utf8, 0) }
        var zeroEven = 0, zeroOdd = 0
        for k in 0..<pairs {
            if head[2 * k] == 0 { zeroEven += 1 }
            if head[2 * k + 1] == 0 { zeroOdd += 1 }
        }
        // A third of the pairs with a NUL on one side and (almost) none on the other; a file of NULs is neither.
        let many = max(1, pairs * 3 / 10), few = pairs / 20
        if zeroOdd >= many, zeroEven <= few { return (.utf16LE, 0) }
        if zeroEven >= many, zeroOdd <= few { return (.utf16BE, 0) }
        return (.utf8, 0)
    }

    /// Decodes bytes as UTF-8, or as Windows-1252 when they are not valid UTF-8 (`legacy` is then true).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, legacy: Bool) {
        if let s = String(validating: bytes, as: UTF8.self) { return (s, false) }
        return (windows1252(bytes), true)
    }

    /// Decodes Windows-1252 (ISO-8859-1 plus the 0x80–0x9F typographic characters).
    public static func windows1252(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            if b < 0x80 || b >= 0xA0 {
                scalars.append(Unicode.Scalar(b))
            } else {
                let v = cp1252High[Int(b - 0x80)]
                scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
            }
        }
        return String(scalars)
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}

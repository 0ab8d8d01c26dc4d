extension ByteInput {
    /// Skips a byte-order mark of `bomLength` bytes and, for UTF-16, transcodes from here on, so text readers
    /// get UTF-8 (R1).
    public func startText(_ encoding: TextEncoding, bomLength: Int) {
        consume(bomLength)
        if encoding != .utf8 { transcodeUTF16(bigEndian: encoding == .utf16BE) }
    }

    /// Opens `path` as text for a reader's own pass over it: the encoding detected from the look-ahead,
    /// positioned after any BOM, UTF-8 from here on. Returns whether the file had a BOM.
    public static func openText(path: String) throws -> (input: ByteInput, hadBOM: Bool) {
        let input = try ByteInput(path: path)
        let (encoding, bom) = TextEncoding.detect(try input.peek(DialectDetector.lookAhead))
        input.startText(encoding, bomLength: bom)
        return (input, bom > 0)
    }
}

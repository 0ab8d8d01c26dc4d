/// How large one unit of input may be before it is rejected as `too_long`.
///
/// The readers hold one unit at a time, so these caps are what makes memory constant whatever the input:
/// a 2 GB file with no line break, or a 400 MB XML comment, costs at most a cap's worth of buffer.
public enum ReadLimits {
    /// The default cap (1 MiB) on a CSV record (and so on each of its fields), a JSON Lines line, and an
    /// XML entry's text (each text node and the entry as a whole). Legacy lists hold short values: the
    /// API's longest field is a 1024-character pattern.
    public static let defaultMaxRecordBytes = 1 << 20

    /// How many characters of a too-long unit are kept to show in reports.
    public static let excerptBytes = 200

    /// The first bytes of a too-long unit as text, marked as cut.
    static func excerpt(_ bytes: some Collection<UInt8>) -> String {
        let head = Array(bytes.prefix(excerptBytes))
        var text = String(decoding: head, as: UTF8.self)
        // A multi-byte sequence cut in half decodes to U+FFFD at the end: drop it.
        while text.unicodeScalars.last == "\u{FFFD}", head.count == excerptBytes { text.unicodeScalars.removeLast() }
        return text + "…"
    }
}

import ESRecords

/// Reads a line-based text file (§15.1) as ``TextLine``s in constant memory: physical lines (R2), each decoded
/// on its own (UTF-8, else Windows-1252) unless a byte-order mark decided the encoding for the whole file.
///
/// With `joiningContinuations` (Postfix tables), a line that starts with white space continues the logical
/// line before it; blank and comment lines in between are held and handed out after that logical line, so
/// lines still come out in order of their first physical line.
public final class TextLineReader {
    let lines: PhysicalLineReader
    let joiningContinuations: Bool
    let decodedByBOM: Bool
    private var pending: TextLine?
    private var held: [TextLine] = []
    private var ready: [TextLine] = []
    private var readyIndex = 0

    /// A reader of `input` (positioned after any BOM, transcoded to UTF-8 if it was UTF-16).
    public init(input: ByteInput, maxLineBytes: Int = ReadLimits.defaultMaxRecordBytes, joiningContinuations: Bool,
                decodedByBOM: Bool) {
        lines = PhysicalLineReader(input: input, maxLineBytes: maxLineBytes)
        self.joiningContinuations = joiningContinuations
        self.decodedByBOM = decodedByBOM
    }

    /// The next logical line, or `nil` at the end of the file.
    public func next() throws -> TextLine? {
        while true {
            if readyIndex < ready.count {
                defer { readyIndex += 1 }
                return ready[readyIndex]
            }
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            guard let raw = try lines.next() else {
                if let p = pending { ready.append(p) }
                ready += held
                pending = nil
                held = []
                if ready.isEmpty { return nil }
                continue
            }
            let line = decode(raw)
            guard joiningContinuations else { return line }
            if line.isBlank || line.isComment {
                if pending != nil { held.append(line) } else { return line }
                continue
            }
            let startsWithBlank = line.text.unicodeScalars.first.map { $0 == " " || $0 == "\t" } ?? false
            if startsWithBlank, !line.isTooLong, var p = pending, !p.isTooLong {
                p.text += " " + line.trimmed
                p.source += "\n" + line.source
                p.usedLegacyEncoding = p.usedLegacyEncoding || line.usedLegacyEncoding
                pending = p
                continue
            }
            if let p = pending { ready.append(p) }
            ready += held
            held = []
            pending = line
        }
    }

    private func decode(_ raw: PhysicalLineReader.RawLine) -> TextLine {
        let text: String
        var legacy = false
        if decodedByBOM {
            text = String(decoding: raw.bytes, as: UTF8.self)
        } else {
            (text, legacy) = raw.bytes.withUnsafeBufferPointer { TextEncoding.decode($0) }
        }
        return TextLine(line: raw.line, text: text, source: text, usedLegacyEncoding: legacy, isTooLong: raw.isTooLong)
    }
}

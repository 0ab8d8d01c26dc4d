import ESRecords

/// Reads a line-based text file (§15.1) as ``TextLine``s in constant memory: physical lines (R2), each decoded
/// on its own (UTF-8, else Windows-1252) unless a byte-order mark decided the encoding for the whole file.
///
/// With `joiningContinuations` (Postfix tables), a line that starts with white space continues the logical
/// line before it; blank and comment lines in between are held and handed out after that logical line, so
/// lines still come out in order of their first physical line. A logical line is capped like a physical one
/// (`maxLineBytes`: past it, it is marked too long and its further continuations are dropped), and at most
/// ``maxHeldLines`` blank or comment lines are held: past that they are handed out before the logical line
/// they interrupt, so memory stays bounded whatever the file holds. An indented line that continues nothing
/// (the first of a file, say) is marked ``TextLine/continuesNothing``.
package final class TextLineReader {
    /// The most blank and comment lines held inside one logical line before they are handed out early.
    public static let maxHeldLines = 1024

    let lines: PhysicalLineReader
    let maxLineBytes: Int
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
        self.maxLineBytes = maxLineBytes
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
                guard pending != nil else { return line }
                held.append(line)
                if held.count >= Self.maxHeldLines {
                    ready = held
                    held = []
                }
                continue
            }
            let startsWithBlank = line.text.unicodeScalars.first.map { $0 == " " || $0 == "\t" } ?? false
            if startsWithBlank {
                guard var p = pending else {
                    var orphan = line
                    orphan.continuesNothing = true
                    return orphan
                }
                // Moved out so that the text is uniquely referenced and grows in place: joining stays linear.
                pending = nil
                if !p.isTooLong {
                    let addition = line.trimmed
                    // The source (as the lines were) is never shorter than the joined text: it is what is capped.
                    if line.isTooLong || p.source.utf8.count + 1 + line.source.utf8.count > maxLineBytes {
                        p.isTooLong = true
                    } else {
                        p.text += " "
                        p.text += addition
                        p.source += "\n"
                        p.source += line.source
                        p.usedLegacyEncoding = p.usedLegacyEncoding || line.usedLegacyEncoding
                    }
                }
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

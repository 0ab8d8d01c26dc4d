import ESRecords
import Foundation
import Logging
import Synchronization

import SystemPackage

/// Human messages on stderr as `esmigrate: message` (with `key=value` metadata), no timestamps or colours; or,
/// with `--log-format json`, one JSON object per line (`time`, `level`, `message`, `metadata`) for log
/// collectors, every stderr line included (tables and errors too; progress events are JSON already).
struct StderrLogHandler: LogHandler {
    /// Whether stderr carries JSON lines (`--log-format json`); set once, while the command line is parsed.
    static let jsonLines = Atomic<Bool>(false)

    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if Self.jsonLines.load(ordering: .relaxed) {
            Self.writeJSON(Self.jsonLine(level: "\(event.level)", message: "\(event.message)",
                                         metadata: merged.mapValues { "\($0)" }))
            return
        }
        var text = "esmigrate: "
        if event.level >= .warning { text += "\(event.level): " }
        text += "\(event.message)"
        if !merged.isEmpty {
            text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        text += "\n"
        Self.write(text)
    }

    /// Writes straight to file descriptor 2 (the C `stderr` global is not concurrency-safe in Swift 6).
    ///
    /// Control characters other than tab, CR and LF are escaped: messages quote input (a header, a file
    /// name, a server's error text), and none of it may drive the terminal. A write interrupted by a signal is
    /// retried (swift-system does); a closed stderr loses the text, as there is nowhere left to report it.
    static func write(_ text: String) {
        guard jsonLines.load(ordering: .relaxed) else { return writeRaw(text) }
        // JSON logs: each line becomes an object; one that is JSON already (a progress event) passes as it is.
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            // Only a line that is JSON already (a progress event) passes as it is; anything else is wrapped.
            if trimmed.hasPrefix("{"), (try? JSONParser.parse(trimmed)) != nil { out += trimmed + "\n"; continue }
            var message = Substring(trimmed)
            if message.hasPrefix("esmigrate: ") { message = message.dropFirst("esmigrate: ".count) }
            var level = "notice"
            for candidate in ["error", "warning"] where message.hasPrefix(candidate + ": ") {
                level = candidate
                message = message.dropFirst(candidate.count + 2)
            }
            out += jsonLine(level: level, message: String(message), metadata: [:])
        }
        writeJSON(out)
    }

    /// Writes JSON lines as they are: the writer has escaped every control and bidi character with JSON's own
    /// `\uXXXX` (the display escapes of ``writeRaw(_:)`` would make the lines invalid JSON).
    static func writeJSON(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }

    /// Writes the text as it is (control characters escaped).
    static func writeRaw(_ text: String) {
        let bytes = Array(TextCleaning.displayable(text, limit: nil, keeping: ["\n", "\t", "\r"]).utf8)
        _ = try? FileDescriptor.standardError.writeAll(bytes)
    }

    /// One log line as JSON: time (UTC, milliseconds), level, message, metadata (values as text).
    static func jsonLine(level: String, message: String, metadata: [String: String]) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("time"); json.string(Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        json.key("level"); json.string(level)
        json.key("message"); json.string(message)
        json.key("metadata"); json.beginObject()
        for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { json.key(dynamic: k); json.string(v) }
        json.endObject()
        json.endObject()
        json.newline()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { _ in StderrLogHandler(logLevel: level) }
    }
}

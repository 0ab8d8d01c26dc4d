import ESRecords
import Logging

import SystemPackage

/// Human messages on stderr as `esmigrate: message` (with `key=value` metadata), no timestamps or colours.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var text = "esmigrate: "
        if event.level >= .warning { text += "\(event.level): " }
        text += "\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
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
        let bytes = Array(TextCleaning.displayable(text, limit: nil, keeping: ["\n", "\t", "\r"]).utf8)
        _ = try? FileDescriptor.standardError.writeAll(bytes)
    }

    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { _ in StderrLogHandler(logLevel: level) }
    }
}

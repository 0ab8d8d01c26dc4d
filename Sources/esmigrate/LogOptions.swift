import ArgumentParser
import Foundation
import Synchronization

/// `--log-format`, on every command: how stderr is written.
struct LogOptions: ParsableArguments {
    @Option(help: ArgumentHelp("text, or json: one JSON object per stderr line (time, level, message, metadata).",
                               discussion: "Default $ESMIGRATE_LOG_FORMAT, else text. For log collectors (journald, "
                                   + "Kubernetes, CI); no colours in either.",
                               valueName: "text|json"))
    var logFormat: LogFormat?

    /// Checks the format and sets it before the command runs, so every stderr line of the run follows it.
    func validate() throws {
        var format = logFormat ?? .text
        if logFormat == nil, let text = ProcessInfo.processInfo.environment["ESMIGRATE_LOG_FORMAT"], !text.isEmpty {
            guard let named = LogFormat(rawValue: text) else {
                throw ValidationError("ESMIGRATE_LOG_FORMAT must be text or json")
            }
            format = named
        }
        StderrLogHandler.jsonLines.store(format == .json, ordering: .relaxed)
    }
}

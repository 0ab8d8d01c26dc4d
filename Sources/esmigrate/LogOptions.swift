import ArgumentParser
import Foundation
import Synchronization

/// `--log-format`, on every command: how stderr is written.
struct LogOptions: ParsableArguments {
    @Option(help: ArgumentHelp("text, or json: one JSON object per stderr line (time, level, message, metadata).",
                               discussion: "Default $ESMIGRATE_LOG_FORMAT, else text. For log collectors (journald, "
                                   + "Kubernetes, CI); no colours in either.",
                               valueName: "text|json"))
    var logFormat: String?

    /// Checks the format and sets it before the command runs, so every stderr line of the run follows it.
    func validate() throws {
        let format = logFormat ?? ProcessInfo.processInfo.environment["ESMIGRATE_LOG_FORMAT"].flatMap { $0.isEmpty ? nil : $0 } ?? "text"
        guard format == "text" || format == "json" else {
            throw ValidationError("--log-format must be text or json")
        }
        StderrLogHandler.jsonLines.store(format == "json", ordering: .relaxed)
    }
}

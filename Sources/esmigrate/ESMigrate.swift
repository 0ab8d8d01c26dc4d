import ArgumentParser
import Foundation
import Logging
import Synchronization

/// The `esmigrate` command line: bulk moves of Cloudflare Email Security settings.
@main
struct ESMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esmigrate",
        abstract: "Move Cloudflare Email Security settings in bulk: read legacy lists, normalize, upload, export.",
        discussion: """
            Start with `esmigrate normalize FILE...` to see what a legacy export becomes: every input row is \
            reported as ok, duplicate, skipped or rejected with a stable reason code and its line. Then \
            `plan` and `import` (rehearse with --sandbox), `export`/`verify`/`restore` for backups and \
            clones, `delete` and `domains unprotect` for bulk cleanup (dry runs unless --yes), and `serve` \
            for a local emulator of the API.

            Exit codes: \(ExitStatus.documented.map { "\($0.code.rawValue) \($0.meaning)" }.joined(separator: "; ")).
            """,
        version: ESMigrateVersion.long,
        subcommands: [Normalize.self, Plan.self, Import.self, Status.self, Export.self, Verify.self, Restore.self,
                      Diff.self, Delete.self, Domains.self, Serve.self]
    )

    /// Runs the chosen subcommand; every error it throws becomes an exit code in ``ExitStatus`` alone.
    static func main() async {
        let metrics = RunMetrics()
        do {
            try await RunMetrics.$current.withValue(metrics) {
                var command = try parseAsRoot()
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
            metrics.finish(exitCode: 0)
        } catch {
            let reported = ExitStatus.report(error)
            let code = exitCode(for: reported)
            metrics.finish(exitCode: code.rawValue)
            // A usage error that swift-argument-parser reports itself is plain text; with JSON logs asked for
            // (even if parsing failed before --log-format was read) it is one JSON object like every other line.
            if code != .success, !(reported is ExitCode), Self.wantsJSONLogs() {
                // One object for the whole message (usage and help lines included).
                StderrLogHandler.writeJSON(StderrLogHandler.jsonLine(level: "error", message: fullMessage(for: reported),
                                                                     metadata: [:]))
                Foundation.exit(code.rawValue)
            }
            exit(withError: reported)
        }
    }

    /// Whether `--log-format json` or `ESMIGRATE_LOG_FORMAT=json` was given, read from the raw arguments.
    static func wantsJSONLogs() -> Bool {
        if StderrLogHandler.jsonLines.load(ordering: .relaxed) { return true }
        let arguments = CommandLine.arguments
        for (i, argument) in arguments.enumerated() {
            if argument == "--log-format=json" { return true }
            if argument == "--log-format", i + 1 < arguments.count { return arguments[i + 1] == "json" }
        }
        return ProcessInfo.processInfo.environment["ESMIGRATE_LOG_FORMAT"] == "json"
    }
}

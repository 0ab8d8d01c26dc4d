import ArgumentParser
import ESReaders

/// `--metrics-file`, on the commands a schedule runs (export, import, restore, delete, domains unprotect).
struct MetricsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Write the run's metrics to PATH at the end (Prometheus text format, replaced atomically).",
        discussion: "For node_exporter's textfile collector (a PATH ending in .prom in its folder): last run "
            + "start and end, success, exit code, records per collection, accounts, API requests, 429s, retries, "
            + "bytes written. Written whatever the exit code. A file is replaced by a rename; a device or FIFO "
            + "(/dev/stdout) is written to, never replaced; a folder that does not exist exits 73 before the run.",
        valueName: "path"))
    var metricsFile: String?

    /// Starts the run's metrics for `command`, once the file is known to be writable at the end (a folder
    /// that does not exist fails the command before it does anything, with 73, as `--out` does).
    func begin(_ command: String) throws {
        if let metricsFile { try FileReplacement.check(metricsFile) }
        RunMetrics.current?.begin(command: command, path: metricsFile)
    }
}

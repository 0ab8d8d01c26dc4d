import ArgumentParser

/// `--metrics-file`, on the commands a schedule runs (export, import, restore, delete, domains unprotect).
struct MetricsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Write the run's metrics to PATH at the end (Prometheus text format, replaced atomically).",
        discussion: "For node_exporter's textfile collector (a PATH ending in .prom in its folder): last run "
            + "start and end, success, exit code, records per collection, accounts, API requests, 429s, retries, "
            + "bytes written. Written whatever the exit code.",
        valueName: "path"))
    var metricsFile: String?

    /// Starts the run's metrics for `command`.
    func begin(_ command: String) { RunMetrics.shared.begin(command: command, path: metricsFile) }
}

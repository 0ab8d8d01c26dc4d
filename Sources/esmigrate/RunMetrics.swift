import ESAPI
import ESMigration
import ESReaders
import ESRecords
import Foundation
import Prometheus
import Synchronization

/// What one run did, for `--metrics-file`: node_exporter's textfile collector reads the file it writes at
/// the end of the run (Prometheus text exposition, through swift-prometheus), whatever the exit code.
final class RunMetrics: Sendable {
    struct State: Sendable {
        var command: String?
        var path: String?
        var started = Date()
        var records: [SettingsCollection: Int] = [:]
        var requests = 0
        var rateLimited = 0
        var retries = 0
        var bytesWritten: Int64 = 0
        var accounts = 0
    }

    /// The metrics of the command running in this task tree: `ESMigrate.main` binds a fresh recorder around the
    /// command and writes it when the command's exit code is known. Unbound (a command's parts used by a test),
    /// nothing is recorded. Scoped, not a process global: two commands run in one process keep apart.
    @TaskLocal static var current: RunMetrics?

    private let state = Mutex(State())

    /// Starts collecting for `command`; nothing is written unless `path` is given.
    func begin(command: String, path: String?) {
        state.withLock { $0 = State(command: command, path: path, started: Date()) }
    }

    func add(records: Int, in collection: SettingsCollection) {
        state.withLock { $0.records[collection, default: 0] += records }
    }

    /// Adds what a client sent (its statistics when it is done).
    func add(_ statistics: EmailSecurityClient<ContinuousClock>.CallStatistics) {
        state.withLock {
            $0.requests += statistics.requests
            $0.rateLimited += statistics.rateLimited
            $0.retries += statistics.retries
        }
    }

    /// Adds a journaled run's records done per collection.
    func add(report: ImportReport) {
        for (collection, counts) in report.counts { add(records: counts[.done] ?? 0, in: collection) }
        state.withLock { $0.accounts += 1 }
    }

    /// Adds an export's records and bytes per collection.
    func add(manifest: ExportManifest) {
        for entry in manifest.collections { add(records: entry.count, in: entry.collection) }
        state.withLock {
            $0.bytesWritten += manifest.collections.reduce(0) { $0 + $1.bytes }
            $0.accounts += 1
        }
    }

    /// Writes the file (a temporary file renamed over it) when the run asked for one; a failure is reported on
    /// stderr and does not change the exit code (the file's age tells monitoring it is stale).
    func finish(exitCode: Int32, now: Date = Date()) {
        let s = state.withLock { $0 }
        guard let path = s.path, let command = s.command else { return }
        let text = Self.exposition(s, command: command, exitCode: exitCode, ended: now)
        do {
            try FileReplacement.write(Array(text.utf8), to: path)
        } catch {
            StderrLogHandler.write("esmigrate: warning: cannot write the metrics file \(path): \(error)\n")
        }
    }

    /// The Prometheus text exposition of a run.
    static func exposition(_ s: State, command: String, exitCode: Int32, ended: Date) -> String {
        let registry = PrometheusCollectorRegistry()
        let labels = [("command", command)]
        func gauge(_ name: String, _ help: String, _ value: Double, extra: [(String, String)] = []) {
            registry.makeGauge(name: "esmigrate_last_run_" + name, labels: labels + extra, help: help).set(value)
        }
        gauge("start_timestamp_seconds", "Unix time when the last run started.", s.started.timeIntervalSince1970)
        gauge("end_timestamp_seconds", "Unix time when the last run ended.", ended.timeIntervalSince1970)
        gauge("duration_seconds", "How long the last run took.", ended.timeIntervalSince(s.started))
        gauge("success", "1 when the last run exited 0, else 0.", exitCode == 0 ? 1 : 0)
        gauge("exit_code", "The last run's exit code (see the README's table).", Double(exitCode))
        for collection in SettingsCollection.allCases {
            gauge("records", "Records the last run exported, or imported, restored or deleted, per collection.",
                  Double(s.records[collection] ?? 0), extra: [("collection", collection.rawValue)])
        }
        gauge("accounts", "Accounts the last run completed.", Double(s.accounts))
        gauge("api_requests", "API requests the last run sent.", Double(s.requests))
        gauge("api_rate_limited", "429 answers the last run received.", Double(s.rateLimited))
        gauge("api_retries", "Requests the last run retried.", Double(s.retries))
        gauge("bytes_written", "Bytes of backup files the last run wrote.", Double(s.bytesWritten))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return sorted(String(decoding: buffer, as: UTF8.self))
    }

    /// The exposition with its metric families in name order and each family's samples in label order (the
    /// registry emits them in hash order, which changes from run to run), so runs compare line by line.
    static func sorted(_ text: String) -> String {
        var families: [(name: String, header: [Substring], samples: [Substring])] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                families.append((String(line.split(separator: " ")[2]), [line], []))
            } else if line.hasPrefix("#"), !families.isEmpty {
                families[families.count - 1].header.append(line)
            } else if !families.isEmpty {
                families[families.count - 1].samples.append(line)
            }
        }
        return families.sorted { $0.name < $1.name }
            .map { ($0.header + $0.samples.sorted()).joined(separator: "\n") + "\n" }.joined()
    }
}

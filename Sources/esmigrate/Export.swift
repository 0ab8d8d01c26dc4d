import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

/// `esmigrate export`: a complete, checksummed backup of the collections.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up collections to JSON Lines, CSV or XML, with a manifest of counts and SHA-256 checksums.",
        discussion: """
            Every collection is listed 1000 records per page and streamed to one file in constant memory; \
            every field of the API objects is kept (ids, timestamps, deprecated flags, domains' lists and \
            nested objects). The files are written into a hidden staging folder, then manifest.json, then the \
            folder is renamed into place: a crashed export never leaves a backup that looks complete.

            Formats (README "Export formats"): jsonl — one API object per line; csv — documented columns, \
            lists joined with |, nested objects as dotted columns, the rest in an `extra` JSON column; xml — \
            urn:esmigrate:export:1, written by libxml2's xmlTextWriter. `--format csv --dialect \
            dashboard-allow` writes allow policies as the dashboard's upload CSV (not restorable).

            Examples:
              esmigrate export --out backup/                                  # all five, JSON Lines
              esmigrate export --out /srv/backups --timestamped --keep 14     # nightly, keep two weeks
              esmigrate export --out allow --collections allow_policies --format csv --dialect dashboard-allow
              esmigrate verify backup/

            Exit codes: 0 done; 73 the output folder cannot be created or replaced (checked before any \
            request); 74 writing failed part-way (disk full; nothing is left behind); 75 the API cannot be \
            reached; 77 the API refused the credential; 130/143 stopped by SIGINT/SIGTERM (nothing is left \
            behind); 64 usage or configuration error; 1 API or internal error.
            """
    )

    @Option(help: "The backup folder (with --timestamped: the folder that holds the dated backups).")
    var out: String
    @Option(help: "all, or a comma-separated list of allow_policies, block_senders, trusted_domains, impersonation_registry, domains.")
    var collections = "all"
    @Option(help: "jsonl, csv or xml.") var format: ExportFormat = .jsonl
    @Option(help: "esmigrate (lossless) or dashboard-allow (allow policies as the dashboard's upload CSV).")
    var dialect: ExportDialect = .esmigrate
    @Flag(help: "Write into OUT/esmigrate-<UTC time>/ (for nightly jobs).") var timestamped = false
    @Option(help: "With --timestamped: keep the newest N backups in OUT and delete older ones.") var keep: Int?
    @Option(help: "none, or json: one event per collection written on stderr (collection, records, list requests).")
    var progress: ExportProgress = .none
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var api: APIOptions

    @OptionGroup var log: LogOptions
    @OptionGroup var metrics: MetricsOptions

    func validate() throws {
        _ = try fleet.isFleet(api)
        guard !out.isEmpty else { throw ValidationError("--out is empty; name the backup folder") }
        if dialect == .dashboardAllow, format != .csv { throw ValidationError("--dialect dashboard-allow needs --format csv") }
        if let keep {
            guard timestamped else { throw ValidationError("--keep rotates timestamped backups; add --timestamped") }
            guard keep >= 1 else { throw ValidationError("--keep must be at least 1") }
        }
    }

    /// Runs `body` until it ends or SIGINT/SIGTERM arrives; a signal cancels it (the exporter then removes its
    /// staging folders) and the result is `nil`, with the signal's exit code in the returned stop signal.
    static func untilSignal<T: Sendable>(logger: Logger, _ body: @escaping @Sendable () async throws -> T)
        async throws -> (T?, StopSignal)
    {
        let signalled = StopSignal()
        let value = try await SignalScope.run(.cancel, stop: signalled, logger: logger,
                                              message: "stopping the export and removing its unfinished files", body)
        return (value, signalled)
    }

    func run() async throws {
        try metrics.begin("export")
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.export")
        var options = Exporter<ContinuousClock>.Options(destination: out)
        options.collections = dialect == .dashboardAllow && collections == "all"
            ? [.allowPolicies] : try CollectionList.parse(collections)
        if dialect == .dashboardAllow, options.collections != [.allowPolicies] {
            throw ValidationError("--dialect dashboard-allow exports allow_policies only")
        }
        options.format = format
        options.dialect = dialect
        options.timestamped = timestamped
        options.keep = keep
        options.toolVersion = ESMigrateVersion.string
        if progress == .json { options.onCollection = { ProgressDisplay.collectionEvent(account: nil, $0) } }
        let chosen = options
        let api = self.api
        if try fleet.isFleet(api) {
            try await runFleet(chosen, logger: logger)
            return
        }
        let (exported, signalled) = try await Self.untilSignal(logger: logger) {
            try await api.withClient(logger: logger) { client in
                try await Exporter(client: client, logger: logger).run(chosen)
            }
        }
        if exported == nil, let code = signalled.exitCode {
            throw CommandFailure.stopped(code: code, "stopped: no backup was written; the previous one, if any, "
                                         + "is untouched")
        }
        guard let result = exported else { throw CommandFailure(.internalError, "the export ended without a result") }
        RunMetrics.current?.add(manifest: result.manifest)
        var lines: [String] = []
        for e in result.manifest.collections {
            lines.append("\(e.collection.rawValue.padded(24))\(String(e.count).leftPadded(8)) records  \(e.file)  (\(e.listRequests) list requests)")
        }
        lines.append(String(format: "%d records, %d list requests, %.2f s (%.0f records/s) → %@", result.records,
                            result.listRequests, result.seconds, Double(result.records) / max(result.seconds, 0.001),
                            result.directory))
        for r in result.rotatedOut { lines.append("rotated out: \(r)") }
        for w in result.warnings { lines.append("warning: \(w)") }
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
    }
}

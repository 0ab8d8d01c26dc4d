import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The options of commands that plan writes and apply them through a journal (`import`, `restore`).
struct ApplyOptions: ParsableArguments {
    @Option(help: "create, upsert or sync.") var mode: ImportMode = .create
    @Option(help: "The journal file (default ./.esmigrate/journal-<key>.sqlite).") var journal: String?
    @Option(help: "Per-record requests in flight.") var concurrency: Int = 4
    @Option(help: "auto, on or off.") var batch: BatchPolicy = .auto
    @Option(help: "Items per batch request (1–1000).") var batchSize: Int = 1000
    @Flag(help: "Plan only: show what would change, and exit as the run would: 65 when input rows are rejected, else 2 when changes are pending, else 0.") var dryRun = false
    @Flag(help: "Confirm deletes (--mode sync).") var yes = false
    @Option(help: "auto (a bar on a terminal), bar, json (events on stderr) or none.") var progress: ProgressDisplay = .auto
    @Option(help: "Write a JSON report (counts per collection and state, every failure) to PATH.") var report: String?

    var importMode: ImportMode { mode }
    var display: ProgressDisplay { progress }

    /// Sets the run's journal, batching, concurrency and progress from these options.
    func configure(_ run: inout MigrationRun<ContinuousClock>, display: ProgressDisplay) {
        run.journalPath = journal
        run.batch = batch
        run.batchSize = batchSize
        run.concurrency = concurrency
        run.onProgress = display.handler()
    }

    /// Prints the plan; holds it for `--dry-run`, and when it deletes without `--yes` or a yes at the prompt.
    func approval(source: String, logger: Logger)
        -> @Sendable (MigrationRun<ContinuousClock>.Preview) async throws -> Approval
    {
        let (dryRun, yes) = (self.dryRun, self.yes)
        return { preview in
            PlanReport.warnRejected(preview.inputs, logger: logger)
            try PlanReport.printSummary(preview.summary, store: preview.store, mode: preview.mode)
            return .standard(preview.summary, dryRun: dryRun) { deletes in
                yes || Self.confirm("Delete \(deletes) live records that are not in the \(source)? [y/N] ")
            }
        }
    }

    /// Prints the outcome, writes `--report`, and exits as the run ended.
    func finish(_ outcome: JournaledApply.Outcome, display: ProgressDisplay) throws {
        display.finish()
        // Stopped while planning (a signal during a long wait) or held (a dry run) has no report.
        guard let report = outcome.report else { return try JournaledApply.exit(outcome) }
        StderrLogHandler.write(JournaledApply.text(report, journal: outcome.journalPath))
        if let path = self.report {
            try ImportReportFile.write(report, rejectedInputRows: outcome.rejectedInputs, to: path)
        }
        try JournaledApply.exit(outcome)
    }

    /// Asks on the terminal; `false` without one (CI, pipes), so deletes then need `--yes`.
    static func confirm(_ question: String) -> Bool {
        guard isatty(0) == 1, isatty(2) == 1 else { return false }
        StderrLogHandler.write(question)
        guard let answer = readLine(strippingNewline: true)?.lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}

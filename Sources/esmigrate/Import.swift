import ArgumentParser
import ESAPI
import ESMigration
import ESReaders
import ESRecords
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `esmigrate import`: plan, then apply through a journal that makes the run resumable and exactly-once.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import legacy lists: plan against live state, then apply exactly once, resumably.",
        discussion: """
            Writes go through the batch endpoints where they exist (up to 1000 items per array) and fall back \
            to one request per record (the impersonation registry, the legacy API); per-record requests run \
            concurrently, all under one rate limiter. Every write is journaled in SQLite (--journal, default \
            ./.esmigrate/journal-<inputs+account>.sqlite): running the same command again continues where it \
            stopped, and writes whose answer never came are reconciled against the live collection before \
            anything is sent again — no duplicate, no loss.

            --mode sync deletes live records absent from the input; it needs --yes.
            Rehearse with --sandbox (a local emulator, no account needed).

            Exit codes: 0 done; 2 (--dry-run) changes pending; 65 some input rows rejected or some records \
            refused by the API (the rest imported); 75 stopped with work remaining (run it again to resume); \
            64 usage or configuration error; 66 an input missing; 1 internal error.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var api: APIOptions
    @Option(help: "create, upsert or sync.") var mode: String = "create"
    @Option(help: "The journal file (default ./.esmigrate/journal-<key>.sqlite).") var journal: String?
    @Option(help: "Per-record requests in flight.") var concurrency: Int = 4
    @Option(help: "auto, on or off.") var batch: String = "auto"
    @Option(help: "Items per batch request (1–1000).") var batchSize: Int = 1000
    @Flag(help: "Plan only: show what would change and exit 0 or 2.") var dryRun = false
    @Flag(help: "Confirm deletes (--mode sync).") var yes = false
    @Option(help: "auto (a bar on a terminal), bar, json (events on stderr) or none.") var progress: String = "auto"
    @Option(help: "Write a JSON report (counts per collection and state, every failure) to PATH.") var report: String?

    func run() async throws {
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.import")
        guard let mode = ImportMode(rawValue: mode) else { throw ValidationError("--mode must be create, upsert or sync") }
        guard let batch = BatchPolicy(rawValue: batch) else { throw ValidationError("--batch must be auto, on or off") }
        guard let display = ProgressDisplay(rawValue: progress) else {
            throw ValidationError("--progress must be auto, bar, json or none")
        }
        let inputs = PlanBuilder.read(files: input.files, options: try input.readOptions(), logger: logger)
        try PlanReport.checkInputs(inputs, logger: logger)
        let (account, base) = api.target
        let key = JournalKey.make(files: input.files, account: account, baseURL: base, mode: mode)
        let journalPath = try JournaledApply.path(journal, key: key)
        let (desired, dryRun, yes) = (inputs.desired, self.dryRun, self.yes)
        let run = JournaledApply(key: key, journalPath: journalPath, inputs: input.files, mode: mode, batch: batch,
                                 batchSize: batchSize, concurrency: concurrency, progress: display.handler())
        let outcome = try await ExitStatus.mapping(logger, resumable: true) {
            try await run.run(api: api, logger: logger) { client in
                let decisions = try await PlanBuilder.plan(desired, mode: mode, client: client)
                StderrLogHandler.write(PlanReport.summary(decisions))
                if dryRun {
                    // Terraform's convention, as `plan`: 2 when changes are pending.
                    if decisions.contains(where: \.action.isWrite) { throw ExitCode(ExitStatus.changesPending) }
                    return nil
                }
                let deletes = decisions.filter { $0.action == .delete }.count
                if deletes > 0, !yes, !Self.confirm("Delete \(deletes) live records that are not in the input? [y/N] ") {
                    throw ValidationError("--mode sync would delete \(deletes) live records; add --yes to confirm")
                }
                return decisions
            }
        }
        let report = outcome.report

        display.finish()
        guard let report else {
            // Dry run: the plan was printed.
            return
        }
        StderrLogHandler.write(Self.text(report, journal: journalPath))
        if let path = self.report {
            try ImportReportFile.write(report, rejectedInputRows: inputs.summary.count(.rejected), to: path)
        }
        if let code = outcome.stopCode {
            StderrLogHandler.write("stopped: run the same command again to resume\n")
            throw ExitCode(code)
        }
        if report.remaining > 0 { throw ExitCode(ExitStatus.resumable) }
        if !report.failures.isEmpty || inputs.summary.count(.rejected) > 0 { throw ExitCode(ExitStatus.dataError) }
    }

    /// Asks on the terminal; `false` without one (CI, pipes), so deletes then need `--yes`.
    static func confirm(_ question: String) -> Bool {
        guard isatty(0) == 1, isatty(2) == 1 else { return false }
        StderrLogHandler.write(question)
        guard let answer = readLine(strippingNewline: true)?.lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }

    static func text(_ r: ImportReport, journal: String) -> String {
        var lines: [String] = []
        for (c, counts) in r.counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            lines.append("\(c.rawValue.padding(24))" + JournalItem.State.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }
                .joined(separator: "  "))
        }
        for f in r.failures.prefix(20) { lines.append("failed: \(f.collection) \(f.naturalKey.split(separator: "\u{1}").last ?? ""): \(f.error ?? "")") }
        lines.append("write requests \(r.writeRequests), reconciled \(r.reconciled), journal \(journal)")
        lines.append(String(format: "api requests %d, 429s %d, retries %d, %.2f s", r.apiRequests, r.rateLimited,
                            r.retries, r.seconds))
        if r.remaining > 0 { lines.append("\(r.remaining) writes remain: run the same command again to resume") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `esmigrate status`: what a journal holds and what a resume would do.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an import journal: counts, failures, what a resume would do.")

    @Option(help: "The journal file.") var journal: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: journal) else { throw ExitCode(ExitStatus.noInput) }
        let j = try Journal(path: journal)
        let counts = try j.counts()
        var lines = [JournalItem.State.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: "  ")]
        for f in try j.items(in: [.failed]).prefix(50) { lines.append("failed: \(f.collection): \(f.error ?? "")") }
        let uncertain = (counts[.sent] ?? 0) + (counts[.unknown] ?? 0)
        let pending = counts[.pending] ?? 0
        lines.append(uncertain + pending == 0 ? "complete: a resume would send nothing"
            : "a resume would reconcile \(uncertain) uncertain writes against live state, then send \(pending) pending ones")
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
    }
}

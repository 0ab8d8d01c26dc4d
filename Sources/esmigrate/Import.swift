import ArgumentParser
import ESAPI
import ESMigration
import ESReaders
import ESRecords
import Foundation
import Logging

/// `esmigrate import`: plan, then apply through a journal that makes the run resumable and exactly-once.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import legacy lists: plan against live state, then apply exactly once, resumably.",
        discussion: """
            Writes go through the batch endpoints where they exist (up to 1000 items per array) and fall back \
            to one request per record (the impersonation registry, the legacy API). Up to --concurrency \
            requests are in flight at once, batches included, all under one rate limiter. Planning and \
            dispatch stream through SQLite, so memory does not grow with the input. Every write is journaled \
            in SQLite (--journal, default ./.esmigrate/journal-<inputs+account>.sqlite; the plan is staged \
            beside it in <journal>.plan, about 1 KB of disk per input record): running the same command \
            again continues where it stopped, and writes whose answer never came are reconciled against the \
            live collection before anything is sent again — no duplicate, no loss.

            --mode sync deletes live records absent from the input; it needs --yes.
            Rehearse with --sandbox (a local emulator, no account needed).

            Exit codes: 0 done; 2 (--dry-run) changes pending; 65 some input rows rejected or some records \
            refused by the API (the rest imported); 75 stopped with work remaining (run it again to resume); \
            64 usage or configuration error (credentials are checked before any input is read); 66 an input \
            missing; 77 the API refused the credential (401/403); 1 internal error.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var api: APIOptions
    @OptionGroup var apply: ApplyOptions
    @OptionGroup var fleet: FleetOptions

    @OptionGroup var log: LogOptions
    @OptionGroup var metrics: MetricsOptions

    func validate() throws { _ = try fleet.isFleet(api) }

    func run() async throws {
        try metrics.begin("import")
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.import")
        if try fleet.isFleet(api) {
            let template = MigrationRun<ContinuousClock>(source: .files(input.files, try input.readOptions()),
                                                         mode: apply.importMode, logger: logger)
            return try await FleetApply.run(template, api: api, apply: apply, fleet: fleet, logger: logger)
        }
        let display = apply.display
        // Credentials first: a missing or malformed one fails before any input is read.
        let configuration = try api.resolve()
        var run = MigrationRun<ContinuousClock>(source: .files(input.files, try input.readOptions()),
                                                mode: apply.importMode, logger: logger)
        apply.configure(&run, display: display)
        run.approve = apply.approval(source: "input", logger: logger)
        let outcome = try await JournaledApply.run(run, api: api, configuration: configuration, logger: logger)
        try apply.finish(outcome, display: display)
    }
}

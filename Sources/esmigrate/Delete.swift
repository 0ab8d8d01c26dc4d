import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

/// `esmigrate delete`: bulk cleanup of one collection by filter; a dry run unless `--yes`.
struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete the live records of one collection that match filters (a dry run unless --yes).",
        discussion: """
            Lists the collection, selects the records every given filter matches (filters combine with AND), \
            and prints them (id, then the pattern, name or domain) on stdout. Nothing is deleted without \
            --yes. A selection that is the whole collection is refused unless --all is given. Deletes go \
            through the batch endpoints where they exist (up to 1000 per request), else one request per \
            record, journaled (--journal) so an interrupted run resumes without touching anything else.
            Directory-synced impersonation entries are read-only and never selected.

            --match and --comment-match are regular expressions (ICU syntax), searched anywhere in the text: \
            anchor them with ^…$ to match whole values. --match looks at the pattern (allow, block, \
            trusted), the name or email (impersonation_registry) or the domain (domains).

            Examples:
              esmigrate delete block_senders --match '@spam\\.example$'
              esmigrate delete allow_policies --pattern-type IP --created-before 2024-01-01 --yes
              esmigrate delete trusted_domains --comment-match 'legacy import' --yes
              esmigrate delete allow_policies --from-export backup/ --yes    # the records of a backup, by id
              esmigrate delete impersonation_registry --all --yes

            Exit codes: 0 done (or nothing matched); 2 dry run with records to delete; 65 some deletes \
            refused; 75 stopped with work remaining (run it again to resume); 64 usage error (a filter that \
            selects everything without --all); 77 the API refused the credential; 1 API or internal error.
            """
    )

    @Argument(help: "allow_policies, block_senders, trusted_domains, impersonation_registry or domains.")
    var collection: SettingsCollection
    @Option(help: "Regex searched in the pattern, name/email or domain.") var match: String?
    @Option(help: "EMAIL, DOMAIN, IP or UNKNOWN, in any case (allow_policies and block_senders).")
    var patternType: PatternType?
    @Option(help: "Only records created before this date (YYYY-MM-DD, UTC) or RFC 3339 time.") var createdBefore: String?
    @Option(help: "Regex searched in comments.") var commentMatch: String?
    @Option(help: "Only these ids: a file with one id per line (# comments and blank lines ignored).") var idsFile: String?
    @Option(help: "Only the ids of this collection's records in a backup folder.") var fromExport: String?
    @Flag(help: "Allow a selection that is the whole collection.") var all = false
    @Flag(help: "Delete (without it, only print what would be deleted).") var yes = false
    @Option(help: "The journal file (default ./.esmigrate/journal-<key>.sqlite).") var journal: String?
    @Option(help: "Per-record requests in flight.") var concurrency: Int = 4
    @Option(help: "Deletes per batch request (1–1000).") var batchSize: Int = 1000
    @Option(help: "auto (a bar on a terminal), bar, json (events on stderr) or none.") var progress: ProgressDisplay = .auto
    @OptionGroup var api: APIOptions

    @OptionGroup var log: LogOptions
    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        try metrics.begin("delete")
        try api.requireOneAccount("delete")
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.delete")
        let display = progress
        let filter = try makeFilter(collection, logger: logger)
        if filter.isEmpty, !all { throw ValidationError("give at least one filter, or --all to delete every record") }
        let operation = filter.identity(of: collection, all: all)
        let configuration = try api.resolve()
        let (yes, all) = (self.yes, self.all)
        var run = MigrationRun<ContinuousClock>(source: .decisions(operation: operation) { client in
            let selection = try await Cleanup.select(collection, filter: filter, all: all, client: client)
            return CleanupOutput.decide(selection)
        }, mode: .sync, logger: logger)
        run.approve = { preview in .standard(preview.summary, dryRun: false) { _ in yes } }
        run.journalPath = journal
        run.batchSize = batchSize
        run.concurrency = concurrency
        run.onProgress = display.handler()
        let outcome = try await JournaledApply.run(run, api: api, configuration: configuration, logger: logger)
        display.finish()
        if let report = outcome.report { StderrLogHandler.write(JournaledApply.text(report, journal: outcome.journalPath)) }
        try JournaledApply.exit(outcome)
    }

    func makeFilter(_ collection: SettingsCollection, logger: Logger) throws -> DeleteFilter {
        var filter = DeleteFilter(match: match, commentMatch: commentMatch)
        filter.patternType = patternType
        if let createdBefore {
            guard let d = DeleteFilter.parseDate(createdBefore) else {
                throw ValidationError("--created-before must be YYYY-MM-DD or an RFC 3339 time")
            }
            filter.createdBefore = d
        }
        var ids: Set<RecordID>?
        if let idsFile { ids = Set(try ListFile.read(idsFile).map { RecordID($0) }) }
        if let fromExport {
            let exported: Set<RecordID>
            do {
                exported = try BackupIDs.read(fromExport, collection: collection)
            } catch let e as ExportError {
                // A damaged or missing export is bad data for --from-export, whatever its kind.
                throw CommandFailure(.rejected, "--from-export: \(e)")
            }
            ids = ids.map { $0.intersection(exported) } ?? exported
        }
        filter.ids = ids
        do { try filter.check(for: collection) } catch { throw ValidationError(ExitStatus.message(for: error).joined(separator: "\n")) }
        return filter
    }
}

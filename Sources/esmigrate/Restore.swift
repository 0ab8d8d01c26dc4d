import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

/// `esmigrate restore`: an export back into an account, through the import engine.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup (any format) into an account — disaster recovery, or cloning one account into another.",
        discussion: """
            The backup is verified first (a damaged one is refused). Its records are planned against the live \
            collections by natural key and applied through the import engine: batches where the API has them, \
            a journal that makes the run resumable and exactly-once (--journal, default \
            ./.esmigrate/journal-<backup+account>.sqlite). Ids and timestamps are the target's own; \
            directory-synced impersonation entries are left to the directory sync.

            --mode create (default) adds what is missing; upsert also updates records whose content differs; \
            sync also deletes live records the backup does not have (in the restored collections; needs --yes).

            Examples:
              esmigrate restore backup/ --sandbox --dry-run
              esmigrate restore backup/ --account-id 0123…cdef --mode upsert      # clone into another account
              esmigrate restore baseline/ --account-id acc1 --account-id acc2      # one backup into each account

            Exit codes: 0 done; 2 (--dry-run) changes pending; 65 the backup is damaged, or some records were \
            refused; 75 stopped with work remaining (run it again to resume); 64 usage or configuration \
            error; 66 the folder does not exist; 77 the API refused the credential; 1 internal error.
            """
    )

    @Argument(help: "The backup folder (the one holding manifest.json).") var directory: String
    @OptionGroup var api: APIOptions
    @Option(help: "all, or a comma-separated list of the backup's collections to restore.") var collections = "all"
    @OptionGroup var apply: ApplyOptions
    @OptionGroup var fleet: FleetOptions

    @OptionGroup var log: LogOptions
    @OptionGroup var metrics: MetricsOptions

    func validate() throws { _ = try fleet.isFleet(api) }

    func run() async throws {
        try metrics.begin("restore")
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.restore")
        let display = apply.display
        // Credentials first: a missing or malformed one fails before the backup is read.
        let isFleet = try fleet.isFleet(api)
        let configuration = try api.resolve(anyAccount: isFleet)
        guard FileManager.default.fileExists(atPath: directory) else {
            throw CommandFailure(.missingInput, "\(directory): no such folder")
        }
        // Checksums, sizes and counts here; every record is decoded (and reported) when the backup is read.
        let check = BackupVerifier.verify(directory, decodeRecords: false)
        guard check.isSound else {
            for p in check.problems { StderrLogHandler.write("problem: \(p)\n") }
            throw CommandFailure(.rejected, "refusing to restore a backup that does not verify (esmigrate verify "
                                    + "\(directory))")
        }
        let wanted = Set(try CollectionList.parse(collections))
        var run = MigrationRun<ContinuousClock>(source: .backup(directory, collections: wanted),
                                                mode: apply.importMode, logger: logger)
        run.verifyBackup = false    // just done, with every problem printed
        if isFleet {
            return try await FleetApply.run(run, api: api, apply: apply, fleet: fleet, logger: logger)
        }
        apply.configure(&run, display: display)
        run.approve = apply.approval(source: "backup", logger: logger)
        let outcome = try await JournaledApply.run(run, api: api, configuration: configuration, logger: logger)
        try apply.finish(outcome, display: display)
    }
}

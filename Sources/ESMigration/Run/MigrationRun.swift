public import ESAPI
public import ESReaders
public import ESRecords
import Foundation
public import Logging

/// A resumable, exactly-once migration into one account: plan (or resume), journal, apply, report.
///
/// The journal is named after the source, the account, the API (`APIConfiguration.stateKey`) and the
/// mode, so running the same migration again finds it:
/// - an unfinished run is resumed as it was planned: uncertain writes are reconciled against live state,
///   then what is pending is sent — the inputs are not read again;
/// - a finished run is planned afresh against today's live state; with nothing to change the finished
///   run stays on record, with changes it is replaced by the new run.
///
/// Planning streams the inputs and the live collections into a scratch SQLite file beside the journal
/// (`<journal>.plan`, a ``PlanStore``) and decides there, so memory does not grow with the input. ``approve`` sees
/// the plan before
/// anything is journaled (print it, ask, or decline for a dry run). Setting ``stop`` stops dispatching:
/// requests in flight finish and are journaled, and the outcome says work remains.
///
/// ```swift
/// let run = MigrationRun<ContinuousClock>(source: .files(["blocklist.csv"], ReadOptions()), mode: .create,
///                                         logger: logger)
/// let outcome = try await run.run(client: client)   // run it again after a crash: it resumes
/// ```
public struct MigrationRun<C: Clock>: Sendable where C.Duration == Duration {
    /// Where the desired state comes from.
    public enum Source: Sendable {
        /// Legacy lists, read and normalized with the options.
        case files([String], ReadOptions)
        /// An esmigrate backup folder (restore, clone), all its collections or only some.
        case backup(String, collections: Set<SettingsCollection>?)
        /// Decisions the caller makes from live state (bulk deletes, domain unprotects); `operation` describes
        /// them (it names the journal, so the same selection resumes). `nil` means stop without writing.
        case decisions(operation: String, @Sendable (EmailSecurityClient<C>) async throws -> [PlanDecision]?)
    }

    /// The plan, shown to ``approve`` before anything is journaled.
    public struct Preview: Sendable {
        public var summary: PlanSummary
        /// The decisions, readable a page at a time (for conflicts, `--plan-out`).
        public var store: PlanStore
        public var mode: ImportMode
        public var inputs: InputReport
    }

    /// How the run ended.
    public struct Outcome: Sendable {
        /// What the importer did; `nil` when ``approve`` held the plan or the source had nothing to do.
        public var report: ImportReport?
        /// The plan of this invocation (`nil` when an unfinished run was resumed).
        public var plan: PlanSummary?
        /// How reading the inputs went (`nil` when resumed: the inputs were not read again).
        public var inputs: InputReport?
        /// Input rows rejected when the run was planned (kept in the journal across resumes).
        public var rejectedInputs = 0
        /// Whether an unfinished run was resumed.
        public var resumed = false
        public var journalPath: String
        /// The exit code the stop was requested with, when it was.
        public var stopCode: Int32?
        /// Why ``approve`` held the plan, when it did (nothing was journaled or sent).
        public var held: Approval.Hold?
    }

    public var source: Source
    public var mode: ImportMode
    /// The journal file; by default `<journalDirectory>/journal-<key>.sqlite`.
    public var journalPath: String?
    public var journalDirectory = ".esmigrate"
    public var batch: BatchPolicy = .auto
    public var batchSize = 1000
    /// Requests in flight (batches and per-record requests alike).
    public var concurrency = 4
    public var domainDeletes: DomainDeleteRoute = .batch
    /// Whether a backup source is verified (checksums, sizes, counts) before it is read; a caller that has
    /// just verified it can skip the second pass.
    public var verifyBackup = true
    /// Set it (from a signal handler, a UI) to stop dispatching.
    public var stop = StopSignal()
    public var onProgress: (@Sendable (ImportProgress) -> Void)?
    /// Sees the plan before it is journaled and decides whether it is applied; a hold (a dry run, deletes not
    /// confirmed) stops there, and ``Outcome/held`` says why. By default every plan is applied, deletes of
    /// `sync` included; ``Approval/standard(_:dryRun:confirmDeletes:)`` is the policy the command line uses.
    public var approve: @Sendable (Preview) async throws -> Approval = { _ in .apply }
    /// Where the run logs (a fleet adds the account to its metadata).
    public var logger: Logger

    /// A run of `source` in `mode`; set the other properties before ``run(client:)``.
    public init(source: Source, mode: ImportMode, logger: Logger) {
        self.source = source
        self.mode = mode
        self.logger = logger
    }

    /// The journal key of this run against `configuration`.
    public func journalKey(for configuration: APIConfiguration) throws -> String {
        switch source {
        case .files(let files, _):
            return JournalKey.make(files: files, account: configuration.accountID, baseURL: configuration.stateKey,
                                   mode: mode)
        case .backup(let directory, let collections):
            let manifest = try BackupVerifier.manifest(directory)
            let files = [directory + "/" + ExportManifest.fileName]
                + manifest.collections.filter { collections?.contains($0.collection) ?? true }.map { directory + "/" + $0.file }
            return JournalKey.make(files: files, account: configuration.accountID, baseURL: configuration.stateKey,
                                   mode: mode)
        case .decisions(let operation, _):
            return JournalKey.make(describing: operation, account: configuration.accountID,
                                   baseURL: configuration.stateKey)
        }
    }

    /// The journal file this run uses against `configuration`.
    public func journalFile(for configuration: APIConfiguration) throws -> String {
        try journalPath ?? JournalKey.defaultPath(key: journalKey(for: configuration), directory: journalDirectory)
    }

    /// Plans (or resumes) and applies, until done, stopped, or out of rounds.
    public func run(client: EmailSecurityClient<C>) async throws -> Outcome {
        // Waits (spacing, 429 pauses, backoff) end at once on a stop; requests on the wire finish.
        let client = client.stopping(on: stop)
        let key = try journalKey(for: client.configuration)
        let path = try journalFile(for: client.configuration)
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var outcome = Outcome(journalPath: path)
        do {
            // A journal is created only once there is a plan to record: a run refused for its inputs leaves none.
            let existing = FileManager.default.fileExists(atPath: path) ? try Journal(path: path) : nil
            let journal: Journal
            if let existing, let recorded = try await existing.runKey() {
                guard recorded == key else { throw MigrationError.journalMismatch(path: path) }
                try await existing.validate()
                if try await existing.isComplete() {
                    guard try await plan(journalPath: path, existing: existing, key: key, client: client,
                                         outcome: &outcome, replacing: true) != nil else { return finish(outcome) }
                } else {
                    logger.notice("resuming from \(path)")
                    outcome.resumed = true
                    outcome.rejectedInputs = try await existing.rejectedInputs()
                }
                journal = existing
            } else {
                guard let planned = try await plan(journalPath: path, existing: existing, key: key, client: client,
                                                   outcome: &outcome, replacing: false) else { return finish(outcome) }
                journal = planned
            }
            var importer = Importer(client: client, journal: journal, batch: batch, batchSize: batchSize,
                                    concurrency: concurrency, stop: stop, logger: logger)
            importer.domainDeletes = domainDeletes
            importer.onProgress = onProgress
            outcome.report = try await importer.run()
        } catch let e as APIError where e.kind == .stopped && stop.isRequested {
            // Stopped while a read waited (planning, reconciling): nothing was sent, the journal is as it was.
            logger.notice("stopped before \(e.method) \(e.path) was sent")
        }
        return finish(outcome)
    }

    private func finish(_ outcome: Outcome) -> Outcome {
        var outcome = outcome
        outcome.stopCode = stop.exitCode
        return outcome
    }

    /// Plans into a scratch store and journals the plan (opening the journal at `journalPath` if `existing` is
    /// `nil`); returns the journal, or `nil` when there is nothing to apply (declined, or nothing selected).
    private func plan(journalPath: String, existing: Journal?, key: String, client: EmailSecurityClient<C>,
                      outcome: inout Outcome, replacing: Bool) async throws -> Journal? {
        // Named after the journal: a run killed while planning leaves one file, which its re-run replaces.
        let store = try PlanStore(path: journalPath + ".plan")
        defer { store.remove() }
        // Reading inputs and SQLite are blocking: they run on a thread-pool thread, so the cooperative pool stays
        // free for the other accounts of a fleet and for every timer and request.
        var inputs = InputReport()
        let (logger, mode, verify) = (self.logger, self.mode, self.verifyBackup)
        switch source {
        case .files(let files, let options):
            inputs = try await BlockingWork.run { try PlanBuilder.stage(files: files, options: options, into: store, logger: logger) }
            guard inputs.errors.isEmpty else { throw InputFailure(report: inputs) }
            try await store.fetchLive(client: client)
            try await BlockingWork.run { try store.decide(mode: mode) }
        case .backup(let directory, let collections):
            let check = verify ? try await BlockingWork.run { BackupVerifier.verify(directory, decodeRecords: false) } : nil
            if let check, !check.isSound {
                throw ExportError.manifest("\(directory) does not verify: "
                    + check.problems.prefix(5).map { "\($0)" }.joined(separator: "; "))
            }
            inputs = try await BlockingWork.run {
                try PlanBuilder.stage(backup: directory, collections: collections, into: store, logger: logger)
            }
            try await store.fetchLive(client: client)
            try await BlockingWork.run { try store.decide(mode: mode) }
        case .decisions(_, let make):
            guard let decisions = try await make(client) else { return nil }
            try await BlockingWork.run { try store.record(decisions) }
        }
        outcome.inputs = inputs
        outcome.rejectedInputs = inputs.rejected
        let summary = try await BlockingWork.run { try store.summary() }
        outcome.plan = summary
        if case .hold(let hold) = try await approve(Preview(summary: summary, store: store, mode: mode, inputs: inputs)) {
            outcome.held = hold
            return nil
        }
        let journal = try existing ?? Journal(path: journalPath)
        if replacing {
            // A finished run stays on record unless there is new work to journal.
            guard summary.writes > 0 else { return journal }
            logger.notice("the previous run in \(journal.path) is complete; journaling the new changes")
            try await journal.clearCompletedRun()
        }
        try await journal.begin(key: key, account: client.configuration.accountID, baseURL: client.configuration.stateKey,
                                mode: mode, inputs: sourceNames, plan: store, rejectedInputs: inputs.rejected)
        return journal
    }

    private var sourceNames: [String] {
        switch source {
        case .files(let files, _): files
        case .backup(let directory, _): [directory]
        case .decisions(let operation, _): [operation]
        }
    }
}

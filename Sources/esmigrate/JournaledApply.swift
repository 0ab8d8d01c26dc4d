import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging
import UnixSignals

/// Plans (or resumes) and applies writes through a journal, for import, restore, delete and unprotect.
///
/// A journal with an unfinished run is resumed as is (its writes are reconciled, never re-planned). For a
/// journal whose run is complete, the command plans afresh against today's live state: with nothing to
/// change the finished run stays on record; with new changes it is replaced by the new run.
/// SIGINT/SIGTERM stop dispatching; requests in flight finish and are journaled.
struct JournaledApply: Sendable {
    var key: String
    var journalPath: String
    var inputs: [String]
    var mode: ImportMode
    var batch: BatchPolicy = .auto
    var batchSize = 1000
    var concurrency = 4
    var domainDeletes: DomainDeleteRoute = .batch
    var progress: (@Sendable (ImportProgress) -> Void)?

    /// What the run did; `report` is nil when `plan` declined (a dry run).
    struct Outcome: Sendable {
        var report: ImportReport?
        var stopCode: Int32?

        /// Exits 130/143 when stopped by a signal, 75 with work remaining, 65 with failures or rejected
        /// inputs; returns when everything is done.
        func exit(rejectedInputs: Int = 0) throws {
            if let stopCode {
                StderrLogHandler.write("stopped: run the same command again to resume\n")
                throw ExitCode(stopCode)
            }
            guard let report else { return }
            if report.remaining > 0 { throw ExitCode(ExitStatus.resumable) }
            if !report.failures.isEmpty || rejectedInputs > 0 { throw ExitCode(ExitStatus.dataError) }
        }
    }

    /// The default journal folder and file for a key.
    static func path(_ explicit: String?, key: String) throws -> String {
        let path = explicit ?? JournalKey.defaultPath(key: key)
        // Through URL: NSString's path helpers trap on some short relative paths ("j") on Linux.
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return path
    }

    /// - Parameter plan: called only when there is nothing to resume; returns the decisions to journal, or
    ///   `nil` to stop without writing (dry run).
    func run(api: APIOptions, logger: Logger,
             plan: @escaping @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> [PlanDecision]?)
        async throws -> Outcome
    {
        let stop = StopSignal()
        let report: ImportReport? = try await withThrowingTaskGroup(of: Finished.self) { group in
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                    stop.request(exitCode: signal == .sigterm ? ExitStatus.terminated : ExitStatus.interrupted)
                    logger.notice("\(signal) received: finishing the requests in flight, then stopping")
                }
                return .signalWatcher
            }
            group.addTask {
                .applied(try await self.apply(api: api, stop: stop, logger: logger, plan: plan))
            }
            while let next = try await group.next() {
                if case .applied(let report) = next {
                    group.cancelAll()          // ends the signal watcher
                    return report
                }
            }
            return nil
        }
        return Outcome(report: report, stopCode: stop.exitCode)
    }

    /// What finished first in the task group.
    enum Finished: Sendable {
        case signalWatcher
        case applied(ImportReport?)
    }

    private func apply(api: APIOptions, stop: StopSignal, logger: Logger,
                       plan: @Sendable (EmailSecurityClient<ContinuousClock>) async throws -> [PlanDecision]?)
        async throws -> ImportReport?
    {
        try await api.withClient(logger: logger) { client -> ImportReport? in
            let journal = try Journal(path: journalPath)
            if let existing = try await journal.runKey() {
                guard existing == key else { throw MigrationError.journalMismatch(path: journalPath) }
                if try await journal.isComplete() {
                    // Plan afresh against today's live state; the finished run's record is kept unless there
                    // is new work to journal.
                    guard let decisions = try await plan(client) else { return nil }
                    if decisions.contains(where: \.action.isWrite) {
                        logger.notice("the previous run in \(journalPath) is complete; journaling the new changes")
                        try await journal.clearCompletedRun()
                        try await journal.begin(key: key, account: client.configuration.accountID,
                                                baseURL: client.configuration.baseURL, mode: mode, inputs: inputs,
                                                decisions: decisions)
                    }
                } else {
                    logger.notice("resuming from \(journalPath)")
                }
            } else {
                guard let decisions = try await plan(client) else { return nil }
                try await journal.begin(key: key, account: client.configuration.accountID,
                                        baseURL: client.configuration.baseURL, mode: mode, inputs: inputs,
                                        decisions: decisions)
            }
            var importer = Importer(client: client, journal: journal, batch: batch, batchSize: batchSize,
                                    concurrency: concurrency, stop: stop, logger: logger)
            importer.domainDeletes = domainDeletes
            importer.onProgress = progress
            return try await importer.run()
        }
    }

    /// The end-of-run lines: counts per collection and state, failures, requests, how to resume.
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

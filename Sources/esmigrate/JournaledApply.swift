import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

/// Runs a ``MigrationRun`` for import, restore, delete and unprotect with the process's signals wired to
/// its stop signal, and prints how it ended. The run policy (resume or re-plan, reconciliation) is the
/// library's; this is wiring and printing.
enum JournaledApply {
    typealias Outcome = MigrationRun<ContinuousClock>.Outcome

    /// Runs `run` against the API `configuration` names (the sandbox when `nil`). SIGINT/SIGTERM stop
    /// dispatching; requests in flight finish and are journaled.
    static func run(_ run: MigrationRun<ContinuousClock>, api: APIOptions, configuration: APIConfiguration?,
                    logger: Logger) async throws -> Outcome {
        try await stoppingOnSignal(run.stop, logger: logger) {
            try await api.withClient(configuration, logger: logger) { client in try await run.run(client: client) }
        }
    }

    /// Runs `body` while SIGINT/SIGTERM request `stop` (with 130/143): journaled work then finishes the
    /// requests in flight and returns, rather than being cancelled.
    static func stoppingOnSignal<T: Sendable>(_ stop: StopSignal, logger: Logger,
                                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let message = "finishing the requests in flight, then stopping"
        guard let value = try await SignalScope.run(.requestStop, stop: stop, logger: logger, message: message, body)
        else { throw CancellationError() }
        return value
    }

    /// Exits as ``failure(of:)`` says; returns when the run succeeded (or a dry run found nothing to change).
    static func exit(_ outcome: Outcome) throws {
        if let report = outcome.report { RunMetrics.current?.add(report: report) }
        if let failure = failure(of: outcome) { throw failure }
    }

    /// The error that decides how a run ended, `nil` for success: the one mapping from a run's outcome to an
    /// exit code, for one account and for each account of a fleet.
    ///
    /// Stopped by a signal: 130/143. Held by the approval: a dry run exits as the run would (65 with rejected
    /// input rows, else 2 with changes pending, else 0), unconfirmed deletes exit 2 ("add --yes"). Applied:
    /// 75 with work remaining, 65 with failures or rejected inputs, else success.
    static func failure(of outcome: Outcome) -> (any Error)? {
        if let stopCode = outcome.stopCode {
            return CommandFailure.stopped(code: stopCode, "stopped: run the same command again to resume")
        }
        switch outcome.held {
        case .dryRun?:
            let pending: [any Error] = (outcome.plan?.writes ?? 0) > 0 ? [CommandFailure(.changesPending)] : []
            if outcome.rejectedInputs > 0 {
                return CommandFailure(.rejected, "\(outcome.rejectedInputs) input rows were rejected (the run would "
                                      + "exit 65 too)", causes: pending)
            }
            return pending.first
        case .unconfirmedDeletes(let count)?:
            return CommandFailure(.changesPending, "the plan deletes \(count) live records: nothing was changed; "
                                  + "add --yes to confirm")
        case nil:
            break
        }
        guard let report = outcome.report else { return nil }
        if report.remaining > 0 { return CommandFailure(.workRemaining) }
        if report.failedTotal > 0 || outcome.rejectedInputs > 0 { return CommandFailure(.rejected) }
        return nil
    }

    /// The end-of-run lines: counts per collection and state, failures, requests, how to resume.
    static func text(_ r: ImportReport, journal: String) -> String {
        var lines: [String] = []
        for (c, counts) in r.counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            lines.append("\(c.rawValue.padded(24))" + JournalItem.State.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }
                .joined(separator: "  "))
        }
        for f in r.failures.prefix(20) { lines.append("failed: \(f.collection) \(NaturalKey.last(f.naturalKey)): \(f.error ?? "")") }
        if r.failedTotal > 20 { lines.append("… and \(r.failedTotal - 20) more failures (--report lists them)") }
        lines.append("write requests \(r.writeRequests), reconciled \(r.reconciled), journal \(journal)")
        lines.append(String(format: "api requests %d, 429s %d, retries %d, %.2f s", r.apiRequests, r.rateLimited,
                            r.retries, r.seconds))
        if r.remaining > 0 { lines.append("\(r.remaining) writes remain: run the same command again to resume") }
        return lines.joined(separator: "\n") + "\n"
    }
}

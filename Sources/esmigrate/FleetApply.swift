import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

/// `import` and `restore` of several accounts (`--account-id` more than once, or `--all-accounts`): one run
/// per account, `--parallel-accounts` at a time under one budget, one journal per account, a table, `--report`
/// and the worst account's exit code. The run policy is the library's (``FleetRun``); this is wiring and printing.
enum FleetApply {
    /// Runs `template` in every account and exits as the worst account ended.
    static func run(_ template: MigrationRun<ContinuousClock>, api: APIOptions, apply: ApplyOptions,
                    fleet: FleetOptions, logger: Logger) async throws {
        guard apply.journal == nil else {
            throw ValidationError("with several accounts each has its own journal in ./.esmigrate; drop --journal")
        }
        let configuration = try api.resolve(anyAccount: fleet.allAccounts)
        var template = template
        apply.configure(&template, display: .none)
        template.approve = Self.fleetApproval(dryRun: apply.dryRun, yes: apply.yes)
        let stop = template.stop
        let prepared = template
        let progress = apply.display.fleetHandler()
        let (all, ids, parallel) = (fleet.allAccounts, api.accountIDs, apply.dryRun ? 1 : fleet.parallelAccounts)
        let rows: [FleetRow] = try await JournaledApply.stoppingOnSignal(stop, logger: logger) {
            try await api.withClient(configuration, logger: logger) { client in
                let accounts = all ? try await client.listAccounts().map(\.id) : ids
                guard !accounts.isEmpty else {
                    throw CommandFailure(.missingInput, "the credential sees no account (GET /accounts is empty)")
                }
                var fleetRun = FleetRun(template: prepared, accounts: accounts, parallel: parallel)
                fleetRun.onProgress = progress
                let outcomes = await fleetRun.run(client: client)
                for o in outcomes {
                    if let s = o.statistics { RunMetrics.current?.add(s) }
                    if let r = o.outcome?.report { RunMetrics.current?.add(report: r) }
                }
                return outcomes.map { FleetRow($0, credential: client.configuration.credentials.description) }
            }
        }
        try finish(rows, reportPath: apply.report)
    }

    /// Prints the table, writes `--report`, and exits with the worst account's code.
    static func finish(_ rows: [FleetRow], reportPath: String?) throws {
        var lines = ["account".padded(34) + "status".padded(12) + "done".leftPadded(8) + "failed".leftPadded(8)
                     + "left".leftPadded(8) + "  journal"]
        for row in rows {
            let r = row.outcome?.report
            let done: String = r.map { String($0.counts.values.reduce(0) { $0 + ($1[.done] ?? 0) }) } ?? "-"
            let failed: String = r.map { String($0.failedTotal) } ?? "-"
            let left: String = r.map { String($0.remaining) } ?? "-"
            let detail: String = row.outcome?.journalPath ?? row.error.map { "\($0)" } ?? ""
            var line = row.account.padded(34) + row.status.padded(12)
            line += done.leftPadded(8) + failed.leftPadded(8) + left.leftPadded(8)
            lines.append(line + "  " + detail)
        }
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
        if let path = reportPath { try ImportReportFile.write(fleet: rows, to: path) }
        let failures = rows.compactMap(\.failure)
        guard !failures.isEmpty else { return }
        let notDone = rows.filter { $0.failure != nil }
        let held = notDone.compactMap { $0.error == nil ? $0.outcome?.held : nil }
        if held.count == notDone.count, held.allSatisfy({ $0 != .dryRun }) {
            throw CommandFailure(.reported, "\(held.count) of \(rows.count) accounts have plans that delete live "
                                 + "records: nothing was changed; add --yes to confirm", causes: failures)
        }
        if held.count == notDone.count {
            throw CommandFailure(.reported, "dry run: \(held.count) of \(rows.count) accounts have changes pending or "
                                 + "rejected input rows; nothing was changed", causes: failures)
        }
        throw CommandFailure(.reported, "\(notDone.count) of \(rows.count) accounts are not done; run the same command "
                             + "again to resume them (the done ones plan afresh and find nothing to change)",
                             causes: failures)
    }

    /// For a fleet: no prompt (accounts run side by side). A dry run shows each plan and holds it; a plan that
    /// deletes is held without `--yes`.
    static func fleetApproval(dryRun: Bool, yes: Bool) -> @Sendable (MigrationRun<ContinuousClock>.Preview) async throws -> Approval {
        { preview in
            if dryRun { try PlanReport.printSummary(preview.summary, store: preview.store, mode: preview.mode) }
            return .standard(preview.summary, dryRun: dryRun) { _ in yes }
        }
    }

    /// One account's line: how its run ended, and the error that decides its exit code.
    struct FleetRow: Sendable {
        var account: String
        /// How the run ended, or why it did not (a refused credential named with the account).
        var result: Result<MigrationRun<ContinuousClock>.Outcome, any Error>

        init(_ o: FleetRun<ContinuousClock>.Outcome, credential: String) {
            account = o.account
            result = o.result.mapError { AccessDenied.wrapping($0, accountID: o.account, credential: credential) }
        }

        var outcome: MigrationRun<ContinuousClock>.Outcome? { try? result.get() }
        var error: (any Error)? {
            if case .failure(let error) = result { error } else { nil }
        }

        var status: String {
            if error != nil { return "failed" }
            guard let outcome else { return "failed" }
            if outcome.stopCode != nil { return "stopped" }
            if case .unconfirmedDeletes? = outcome.held { return "held" }
            guard let report = outcome.report else { return "planned" }
            if report.remaining > 0 { return "incomplete" }
            return report.failedTotal > 0 || outcome.rejectedInputs > 0 ? "done*" : "done"
        }

        /// What makes this account's exit code other than 0, if anything.
        var failure: (any Error)? {
            if let error { return error }
            return outcome.flatMap(JournaledApply.failure(of:))
        }
    }
}

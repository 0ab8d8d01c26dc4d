import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

extension Export {
    /// Several accounts (`--account-id` more than once, or `--all-accounts`): one backup each under
    /// `OUT/<account-id>/`, `--parallel-accounts` at a time under one budget, `OUT/fleet.json`, and a table.
    func runFleet(_ options: Exporter<ContinuousClock>.Options, logger: Logger) async throws {
        let api = self.api, all = fleet.allAccounts, ids = api.accountIDs, parallel = fleet.parallelAccounts
        let configuration = try api.resolve(anyAccount: all)
        let (finished, signalled) = try await Self.untilSignal(logger: logger) {
            try await api.withClient(configuration, logger: logger) { client in
                let accounts = all ? try await client.listAccounts().map(\.id) : ids
                guard !accounts.isEmpty else {
                    throw CommandFailure(.missingInput, "the credential sees no account (GET /accounts is empty)")
                }
                var exporter = FleetExporter(client: client, logger: logger)
                if options.onCollection != nil { exporter.onCollection = ProgressDisplay.collectionEvent(account:_:) }
                let outcomes = try await exporter.run(accounts: accounts, options: options, parallel: parallel)
                for o in outcomes {
                    if let s = o.statistics { RunMetrics.current?.add(s) }
                    if let m = o.result?.manifest { RunMetrics.current?.add(manifest: m) }
                }
                return outcomes.map { Row(outcome: $0, credential: client.configuration.credentials.description) }
            }
        }
        guard let rows = finished else {
            if let code = signalled.exitCode {
                throw CommandFailure.stopped(code: code, "stopped: the accounts not finished have no new backup; "
                                             + "their previous ones, if any, are untouched")
            }
            throw CommandFailure(.internalError, "the fleet export ended without a result")
        }
        var lines = ["account".padded(34) + "status".padded(8) + "records".leftPadded(9) + "  backup"]
        for row in rows {
            lines.append(row.account.padded(34) + (row.error == nil ? "ok" : "failed").padded(8)
                         + (row.records.map(String.init) ?? "-").leftPadded(9) + "  " + (row.directory ?? "\(row.error!)")
                         + (row.resumed ? " (kept from the interrupted run)" : ""))
        }
        let failed = rows.filter { $0.error != nil }
        lines.append("\(rows.count - failed.count) of \(rows.count) accounts backed up → "
                     + "\(options.destination)/\(FleetExporter<ContinuousClock>.summaryFileName)")
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
        if !failed.isEmpty {
            throw CommandFailure(.reported, "\(failed.count) of \(rows.count) accounts failed; run the same command "
                                 + "again to retry them (the others get a new backup too)",
                                 causes: failed.compactMap(\.error))
        }
    }

    /// One account's line of the fleet table; a refused credential becomes ``AccessDenied`` (exit 77).
    struct Row: Sendable {
        var account: String
        var records: Int?
        var directory: String?
        var resumed: Bool
        var error: (any Error)?

        init(outcome: FleetExporter<ContinuousClock>.Outcome, credential: String) {
            account = outcome.account
            records = outcome.records
            directory = outcome.directory
            resumed = outcome.kept != nil
            error = outcome.error.map { AccessDenied.wrapping($0, accountID: outcome.account, credential: credential) }
        }
    }
}

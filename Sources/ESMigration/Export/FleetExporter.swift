public import ESAPI
import ESRecords
import Foundation
public import Logging

/// Backs up several accounts with one credential: one complete backup per account under
/// `destination/<account-id>/`, a few accounts at a time, all sharing the client's rate limiter (and its ledger).
///
/// An account that fails (refused, unreachable, a full disk) is reported in its ``Outcome`` and the others go
/// on. `fleet.json` in the destination says where the run stands: written when it starts (every account
/// `pending`), rewritten as each account ends, and marked finished at the end. When a run is interrupted (a
/// signal, `kill -9`, a reboot), the next run with the same destination and the same format, dialect and
/// collections keeps the backups that run completed and exports only the accounts that are left.
public struct FleetExporter<C: Clock>: Sendable where C.Duration == Duration {
    /// What became of one account's backup.
    public struct Outcome: Sendable {
        public var account: String
        /// The backup this run wrote.
        public var result: Exporter<C>.Result?
        /// The backup an interrupted earlier run wrote, kept instead of exporting the account again.
        package var kept: KeptBackup?
        /// Why the account has no backup.
        public var error: (any Error)?
        /// What the account's client sent (none for a kept backup).
        public var statistics: EmailSecurityClient<C>.CallStatistics?

        /// The account's backup folder, written now or kept.
        public var directory: String? { result?.directory ?? kept?.directory }
        /// The records in the account's backup.
        public var records: Int? { result?.records ?? kept?.records }
    }

    /// A backup that an interrupted run of the same fleet export completed.
    package struct KeptBackup: Sendable, Hashable {
        public var directory: String
        public var records: Int
    }

    /// The summary file written beside the accounts' folders.
    public static var summaryFileName: String { FleetSummary.fileName }

    public let client: EmailSecurityClient<C>
    let logger: Logger
    /// Called as each account's collection files are written (progress for scripts), with the account.
    public var onCollection: (@Sendable (String, ExportManifest.Entry) -> Void)?

    /// A fleet exporter whose `client` (any of the accounts) lends its credential, transport and limiter.
    public init(client: EmailSecurityClient<C>, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Exports `accounts` with `options` (its destination is the fleet's folder), `parallel` at a time, keeping
    /// the backups of an interrupted earlier run (see the type's discussion), and writes the summary.
    ///
    /// Accounts start in the order given; each takes its requests from the one limiter as it needs them, so a
    /// large account does not hold the others back. When the task is cancelled, accounts not started are not
    /// started, and running ones stop as a single export does (their staging folders removed).
    /// - Throws: ``ExportError`` when the fleet's folder or its summary cannot be written.
    public func run(accounts: [String], options: Exporter<C>.Options, parallel: Int) async throws -> [Outcome] {
        let destination = options.destination
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } catch {
            throw ExportError.output("cannot create the fleet's folder: \(error)", file: destination)
        }
        var summary = FleetSummary(options: options, accounts: accounts, startedAt: options.wallClock())
        let kept: [String: KeptBackup] = FleetSummary.unfinished(in: destination, matching: summary).filter { accounts.contains($0.key) }
        if !kept.isEmpty {
            let names = kept.keys.sorted().joined(separator: ", ")
            logger.notice("resuming an interrupted fleet export: \(kept.count) of \(accounts.count) accounts were backed up by it and are kept (\(names))")
        }
        var outcomes: [String: Outcome] = [:]
        for (account, backup) in kept {
            let outcome = Outcome(account: account, kept: backup)
            outcomes[account] = outcome
            summary.settle(outcome, in: destination)
        }
        try summary.write(to: destination)
        let (client, logger, onCollection) = (self.client, self.logger, self.onCollection)
        let left = accounts.filter { kept[$0] == nil }
        _ = await AccountFanOut.run(left, parallel: parallel, stopped: { Task.isCancelled }, settled: { (account: String, o: Outcome) in
            outcomes[account] = o
            summary.settle(o, in: destination)
            do { try summary.write(to: destination) } catch {
                logger.warning("\(error)")   // the summary is rewritten at the end; that write reports the failure
            }
        }) { account in
            var own = options
            own.destination = destination + "/" + account
            if let onCollection { own.onCollection = { onCollection(account, $0) } }
            let accountClient: EmailSecurityClient<C>
            do {
                accountClient = try client.forAccount(account)
            } catch {
                return Outcome(account: account, error: error)
            }
            do {
                let result = try await Exporter(client: accountClient, logger: logger).run(own)
                for warning in result.warnings { logger.warning("\(warning)", metadata: ["account": "\(account)"]) }
                return Outcome(account: account, result: result, statistics: accountClient.statistics)
            } catch {
                if !(error is CancellationError) { logger.error("\(error)", metadata: ["account": "\(account)"]) }
                return Outcome(account: account, error: error, statistics: accountClient.statistics)
            }
        }
        // Cancelled before every account ended: the summary stays unfinished, so the next run resumes.
        if accounts.allSatisfy({ outcomes[$0] != nil }) {
            summary.finishedAt = options.wallClock()
            try summary.write(to: destination)
        }
        return accounts.compactMap { outcomes[$0] }
    }
}

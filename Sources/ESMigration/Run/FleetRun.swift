public import ESAPI
import Foundation
import Logging

/// One ``MigrationRun`` applied to each of several accounts with one credential: the same inputs pushed to
/// every tenant (a baseline block list), each account with its own journal and resumable on its own.
///
/// Accounts run `parallel` at a time through clients that share one rate limiter (and its budget ledger), so
/// together they stay within the credential's budget. An account that fails is reported in its ``Outcome``
/// and the others go on. The run's ``MigrationRun/stop`` is shared: once requested, running accounts stop
/// dispatching and no account starts.
public struct FleetRun<C: Clock>: Sendable where C.Duration == Duration {
    /// What became of one account.
    public struct Outcome: Sendable {
        public var account: String
        /// The run's outcome when it ran to an end (complete, stopped, held), or why it did not.
        public var result: Result<MigrationRun<C>.Outcome, any Error>
        /// What the account's client sent (`nil` when no client could be made for the account).
        public var statistics: EmailSecurityClient<C>.CallStatistics?

        /// The run's outcome, when it ran to an end.
        public var outcome: MigrationRun<C>.Outcome? { try? result.get() }
        /// Why it did not.
        public var error: (any Error)? {
            if case .failure(let error) = result { error } else { nil }
        }
    }

    /// The run each account gets (its journal named after the account, as every run's is).
    public var template: MigrationRun<C>
    public var accounts: [String]
    public var parallel: Int
    /// Each account's progress, with the account (the template's `onProgress` is not called).
    public var onProgress: (@Sendable (String, ImportProgress) -> Void)?

    /// A fleet run of `template` over `accounts`, `parallel` at a time.
    public init(template: MigrationRun<C>, accounts: [String], parallel: Int = 4) {
        self.template = template
        self.accounts = accounts
        self.parallel = parallel
    }

    /// Runs every account through a client for it made from `client` (which lends its credential, transport
    /// and limiter), and returns the outcomes in the order of ``accounts``.
    public func run(client: EmailSecurityClient<C>) async -> [Outcome] {
        let (template, onProgress) = (self.template, self.onProgress)
        return await AccountFanOut.run(accounts, parallel: parallel, stopped: { template.stop.isRequested }) { account in
            do {
                var run = template
                run.logger = template.logger.with(account: account)
                let accountClient = try client.forAccount(account)
                if let onProgress {
                    run.onProgress = { @Sendable (p: ImportProgress) in onProgress(account, p) }
                }
                do {
                    let outcome = try await run.run(client: accountClient)
                    return Outcome(account: account, result: .success(outcome), statistics: accountClient.statistics)
                } catch {
                    template.logger.error("\(error)", metadata: ["account": "\(account)"])
                    return Outcome(account: account, result: .failure(error), statistics: accountClient.statistics)
                }
            } catch {
                template.logger.error("\(error)", metadata: ["account": "\(account)"])
                return Outcome(account: account, result: .failure(error))
            }
        }
    }
}

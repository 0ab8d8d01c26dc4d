public import ESAPI
public import Logging

/// The plan of one staged input against each of several accounts, one account after another.
///
/// The input is read and normalized once (into the ``PlanStore``); for each account the store's live records
/// are replaced with that account's, the decisions are made, and `report` is called while they are in the
/// store. An account that fails (a refused credential, a lost connection) is recorded in its ``Outcome`` and
/// the next account is planned.
public struct FleetPlan: Sendable {
    /// What one account's plan came to.
    public struct Outcome: Sendable {
        public var account: String
        /// The decisions per collection and action, or why the account could not be planned.
        public var result: Result<PlanSummary, any Error>

        /// The decisions per collection and action, when the account was planned.
        public var summary: PlanSummary? { try? result.get() }
        /// Why it was not.
        public var error: (any Error)? {
            if case .failure(let error) = result { error } else { nil }
        }
    }

    public var store: PlanStore
    public var mode: ImportMode
    public var accounts: [String]
    public var logger: Logger

    /// A fleet plan of what `store` holds, in `mode`, against `accounts`; failures are logged to `logger`.
    public init(store: PlanStore, mode: ImportMode, accounts: [String], logger: Logger) {
        self.store = store
        self.mode = mode
        self.accounts = accounts
        self.logger = logger
    }

    /// Plans every account through a client for it made from `client`; `report` sees each account's decisions
    /// while they are in the store. An error thrown by `report` (an unwritable output) ends the whole plan.
    public func run<C: Clock>(client: EmailSecurityClient<C>,
                              report: (String, PlanSummary) throws -> Void) async throws -> [Outcome]
        where C.Duration == Duration
    {
        var outcomes: [Outcome] = []
        for account in accounts {
            let summary: PlanSummary
            do {
                let (store, mode) = (self.store, self.mode)
                try await BlockingWork.run { try store.clearLive() }
                try await store.fetchLive(client: try client.forAccount(account))
                summary = try await BlockingWork.run {
                    try store.decide(mode: mode)
                    return try store.summary()
                }
            } catch {
                logger.error("\(error)", metadata: ["account": "\(account)"])
                outcomes.append(Outcome(account: account, result: .failure(error)))
                continue
            }
            try report(account, summary)
            outcomes.append(Outcome(account: account, result: .success(summary)))
        }
        return outcomes
    }
}

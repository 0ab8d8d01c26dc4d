import ArgumentParser
import ESAPI
import ESMigration
import ESReaders
import ESRecords
import Logging

/// `esmigrate plan`: what an import would change, without changing anything.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare legacy lists with the live collections and show what an import would change.",
        discussion: """
            Reads and normalizes the inputs, lists the live collections they touch (1000 per page), and decides \
            per record: create, update (fields differ; --mode upsert), unchanged, conflict (explained), or \
            delete (--mode sync: live records absent from the input, in the collections the input touches).

            With --account-id more than once, or --all-accounts, the input is read once and planned against \
            each account in turn: a table per account, then one line per account.

            Exit codes (Terraform's convention): 0 nothing to change; 2 changes pending; 64 usage or \
            configuration error; 66 an input missing; 77 the API refused the credential; 1 internal error.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var api: APIOptions
    @Flag(help: "Plan against every account the credential can see (GET /accounts), one after another.")
    var allAccounts = false
    @Option(help: "create, upsert or sync.") var mode: ImportMode = .create
    @Option(help: "Write every decision as JSON Lines to PATH (- for stdout); with several accounts each line has an account key.")
    var planOut: String?

    @OptionGroup var log: LogOptions

    func validate() throws { _ = try FleetOptions.isFleet(allAccounts: allAccounts, api) }

    func run() async throws {
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.plan")
        let fleet = try FleetOptions.isFleet(allAccounts: allAccounts, api)
        // Credentials first: a missing or malformed one fails before any input is read.
        let configuration = try api.resolve(anyAccount: allAccounts)
        let store = try PlanStore.scratch()
        defer { store.remove() }
        let options = try input.readOptions()
        let inputs = try PlanBuilder.stage(files: input.files, options: options, into: store, logger: logger)
        try PlanReport.checkInputs(inputs, logger: logger)
        guard fleet else {
            try await api.withClient(configuration, logger: logger) { client in try await store.fetchLive(client: client) }
            try store.decide(mode: mode)
            let summary = try store.summary()
            try PlanReport.printSummary(summary, store: store, mode: mode)
            if let planOut { try PlanReport.writeJSONL(store, mode: mode, to: planOut) }
            if summary.writes > 0 { throw CommandFailure(.changesPending) }
            return
        }
        try await planFleet(store: store, mode: mode, configuration: configuration, logger: logger)
    }

    /// The same input planned against each account: a table per account, one `--plan-out` file with an
    /// `account` key per line, and the worst account's exit code (2 when any account has changes pending).
    private func planFleet(store: PlanStore, mode: ImportMode, configuration: APIConfiguration?,
                           logger: Logger) async throws {
        let (all, ids, planOut) = (allAccounts, api.accountIDs, self.planOut)
        let rows = try await api.withClient(configuration, logger: logger) { client in
            let accounts = all ? try await client.listAccounts().map(\.id) : ids
            guard !accounts.isEmpty else {
                throw CommandFailure(.missingInput, "the credential sees no account (GET /accounts is empty)")
            }
            let out = try planOut.map { try ByteOutput(path: $0) }
            let outcomes = try await FleetPlan(store: store, mode: mode, accounts: accounts, logger: logger)
                .run(client: client) { account, summary in
                    StderrLogHandler.write("account \(account):\n")
                    try PlanReport.printSummary(summary, store: store, mode: mode)
                    if let out { try PlanReport.writeJSONL(store, mode: mode, to: out, account: account) }
                }
            try out?.flush()
            let credential = client.configuration.credentials.description
            return outcomes.map { o in
                (o.account, o.summary, o.error.map { AccessDenied.wrapping($0, accountID: o.account, credential: credential) })
            }
        }
        var lines = ["account".padded(34) + "status".padded(10) + "changes".leftPadded(9) + "conflicts".leftPadded(11)]
        for (account, summary, error) in rows {
            let status = error != nil ? "failed" : (summary?.writes ?? 0) > 0 ? "changes" : "unchanged"
            lines.append(account.padded(34) + status.padded(10) + (summary.map { String($0.writes) } ?? "-").leftPadded(9)
                         + (summary.map { String($0.count(.conflict)) } ?? "-").leftPadded(11)
                         + (error.map { "  \($0)" } ?? ""))
        }
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
        let failures = rows.compactMap(\.2)
        if !failures.isEmpty {
            throw CommandFailure(.reported, "\(failures.count) of \(rows.count) accounts could not be planned",
                                 causes: failures)
        }
        if rows.contains(where: { ($0.1?.writes ?? 0) > 0 }) { throw CommandFailure(.changesPending) }
    }
}

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

            Exit codes (Terraform's convention): 0 nothing to change; 2 changes pending; 64 usage or \
            configuration error; 66 an input missing; 77 the API refused the credential; 1 internal error.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var api: APIOptions
    @Option(help: "create, upsert or sync.") var mode: String = "create"
    @Option(help: "Write every decision as JSON Lines to PATH (- for stdout).") var planOut: String?

    func run() async throws {
        try api.requireOneAccount("plan")
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.plan")
        guard let mode = ImportMode(rawValue: mode) else { throw ValidationError("--mode must be create, upsert or sync") }
        // Credentials first: a missing or malformed one fails before any input is read.
        let configuration = try api.resolve()
        let store = try PlanStore.scratch()
        defer { store.remove() }
        let options = try input.readOptions()
        let inputs = try PlanBuilder.stage(files: input.files, options: options, into: store, logger: logger)
        try PlanReport.checkInputs(inputs, logger: logger)
        try await api.withClient(configuration, logger: logger) { client in try await store.fetchLive(client: client) }
        try store.decide(mode: mode)
        let summary = try store.summary()
        try PlanReport.printSummary(summary, store: store, mode: mode)
        if let planOut { try PlanReport.writeJSONL(store, mode: mode, to: planOut) }
        if summary.writes > 0 { throw CommandFailure(.changesPending) }
    }
}

import ArgumentParser

/// The options of commands that work on several accounts (`export`, `import`, `restore`).
struct FleetOptions: ParsableArguments {
    @Flag(help: "Every account the credential can see (GET /accounts), each on its own.")
    var allAccounts = false

    @Option(help: "With several accounts: how many run at a time, under the one rate budget.")
    var parallelAccounts = 4

    func validate() throws {
        guard parallelAccounts >= 1 else { throw ValidationError("--parallel-accounts must be at least 1") }
    }

    /// Whether the command works on several accounts, refusing `--all-accounts` beside `--account-id`.
    func isFleet(_ api: APIOptions) throws -> Bool { try Self.isFleet(allAccounts: allAccounts, api) }

    /// Whether `--all-accounts` or several `--account-id` ask for several accounts (refusing both at once).
    static func isFleet(allAccounts: Bool, _ api: APIOptions) throws -> Bool {
        if allAccounts, !api.accountIDs.isEmpty {
            throw ValidationError("--all-accounts lists the accounts itself; drop --account-id, or drop --all-accounts")
        }
        return allAccounts || api.accountIDs.count > 1
    }
}

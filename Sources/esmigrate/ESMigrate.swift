import ArgumentParser
import Logging

/// The `esmigrate` command line: bulk moves of Cloudflare Email Security settings.
@main
struct ESMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esmigrate",
        abstract: "Move Cloudflare Email Security settings in bulk: read legacy lists, normalize, upload, export.",
        discussion: """
            Start with `esmigrate normalize FILE...` to see what a legacy export becomes: every input row is \
            reported as ok, duplicate, skipped or rejected with a stable reason code and its line.

            Exit codes: 0 success; 64 usage error; 65 some input rows rejected (or unsafe/undecodable input); \
            66 an input file missing or unreadable; 1 internal error.
            """,
        version: ESMigrateVersion.string,
        subcommands: [Normalize.self, Plan.self, Import.self, Status.self, Export.self, Verify.self, Restore.self,
                      Delete.self, Domains.self, Serve.self]
    )
}

/// The tool's version, shown by `--version` and written into reports.
enum ESMigrateVersion {
    static let string = "0.1.0"
}

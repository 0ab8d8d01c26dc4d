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
            reported as ok, duplicate, skipped or rejected with a stable reason code and its line. Then \
            `plan` and `import` (rehearse with --sandbox), `export`/`verify`/`restore` for backups and \
            clones, `delete` and `domains unprotect` for bulk cleanup (dry runs unless --yes), and `serve` \
            for a local emulator of the API.

            Exit codes: 0 success; 2 changes pending (plan, dry runs); 64 usage error; 65 some input rows or \
            records rejected, or a damaged backup; 66 an input file or folder missing; 73 an export folder \
            that cannot be written; 74 a write that failed part-way (disk full) or a damaged journal; 75 \
            stopped with work remaining, a journal that could not be written, or an API that cannot be \
            reached (run the same command again); 77 the API refused the credential (401/403); 130/143 stopped \
            by SIGINT/SIGTERM; 1 internal or API error.
            """,
        version: ESMigrateVersion.string,
        subcommands: [Normalize.self, Plan.self, Import.self, Status.self, Export.self, Verify.self, Restore.self,
                      Delete.self, Domains.self, Serve.self]
    )

    /// Runs the chosen subcommand; every error it throws becomes an exit code in ``ExitStatus`` alone.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: ExitStatus.report(error))
        }
    }
}

/// The tool's version, shown by `--version` and written into reports.
enum ESMigrateVersion {
    static let string = "0.1.0"
}

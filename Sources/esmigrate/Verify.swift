import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

/// `esmigrate verify`: is a backup complete and unchanged?
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a backup: manifest, files, sizes, SHA-256 checksums, record counts, and that every record reads back.",
        discussion: """
            A folder without a manifest is searched one and two levels down, so the folder of a fleet export \
            (OUT/<account-id>/, with --timestamped OUT/<account-id>/esmigrate-<time>/) is verified backup by \
            backup.

            With --account-id (repeatable) or --all-accounts (every account the credential sees, from the API), \
            verify also checks that each of those accounts has a backup in DIR/<account-id>/: a nightly job's \
            "does every tenant have a sound backup?".

            Exit codes: 0 every backup is sound; 65 something is wrong (each problem is listed), the folder \
            holds no backup, or a listed account has none; 66 the folder does not exist.
            """
    )

    @Argument(help: "The backup folder (the one holding manifest.json), or a folder of backups.") var directory: String
    @Flag(help: "Check that every account the credential can see (GET /accounts) has a sound backup under DIR.")
    var allAccounts = false
    @OptionGroup var api: APIOptions

    @OptionGroup var log: LogOptions

    func validate() throws {
        _ = try FleetOptions.isFleet(allAccounts: allAccounts, api)
        // Ids become folder names under DIR: the one rule, so `..` or `/etc` never leave it.
        for id in api.accountIDs where !APIConfiguration.isAccountID(id) {
            throw ValidationError("\(ConfigurationError.invalidAccountID(id))")
        }
    }

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure(.missingInput, "\(directory): no such folder")
        }
        if allAccounts || !api.accountIDs.isEmpty { return try await verifyAccounts() }
        let backups = BackupVerifier.backups(under: directory)
        guard backups != [directory] else { return try Self.verifyOne(directory) }
        guard !backups.isEmpty else {
            throw CommandFailure(.rejected, "\(directory): no manifest.json here or in its sub-folders: not a backup")
        }
        let unsound = Self.unsoundCount(backups)
        StderrLogHandler.write("\(backups.count - unsound) of \(backups.count) backups are complete and unchanged\n")
        if unsound > 0 { throw CommandFailure(.rejected) }
    }

    /// Every listed account has a sound backup under `DIR/<account-id>/` (all of them verified).
    private func verifyAccounts() async throws {
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.verify")
        let (all, ids) = (allAccounts, api.accountIDs)
        let accounts: [String] = all
            ? try await api.withClient(try api.resolve(anyAccount: true), logger: logger) { try await $0.listAccounts().map(\.id) }
            : ids
        var sound = 0
        for account in accounts {
            let folder = directory + "/" + account
            let backups = BackupVerifier.backups(under: folder)
            guard !backups.isEmpty else {
                StderrLogHandler.write("problem: account \(account) has no backup in \(folder)\n")
                continue
            }
            if Self.unsoundCount(backups, account: account) == 0 { sound += 1 }
        }
        StderrLogHandler.write("\(sound) of \(accounts.count) accounts have complete and unchanged backups in \(directory)\n")
        if sound < accounts.count { throw CommandFailure(.rejected) }
    }

    /// Verifies each backup (printing each report), as backups of `account` when given; returns how many are
    /// not sound.
    static func unsoundCount(_ backups: [String], account: String? = nil) -> Int {
        backups.reduce(0) { n, backup in
            do { try verifyOne(backup, account: account); return n } catch { return n + 1 }
        }
    }

    /// Verifies one backup and prints its report; fails with ``CommandFailure/Kind/rejected`` when unsound, or
    /// when it is not a backup of `account` (a copy of another account's backup under this one's folder).
    static func verifyOne(_ directory: String, account: String? = nil) throws {
        var report = BackupVerifier.verify(directory)
        if let account, let found = report.manifest?.accountID, found != account {
            report.problems.append("\(directory) is a backup of account \(TextCleaning.displayable(found, limit: 40)), "
                                   + "not of \(account), whose folder it is in")
        }
        var lines: [String] = []
        if let m = report.manifest {
            lines.append("\(directory): \(m.format.rawValue) backup of account \(m.accountID) from \(m.apiBase), \(m.finishedAt)")
            for e in m.collections {
                let got = report.counted[e.collection].map(String.init) ?? "?"
                lines.append("  \(e.collection.rawValue.padded(24))\(got.leftPadded(8)) / \(e.count) records  \(e.file)")
            }
        }
        for p in report.problems { lines.append("problem: \(p)") }
        lines.append(report.isSound ? "ok: the backup is complete and unchanged" : "NOT OK: \(report.problems.count) problem(s)")
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
        if !report.isSound { throw CommandFailure(.rejected) }
    }
}

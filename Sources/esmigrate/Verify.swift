import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging
import UnixSignals

/// `esmigrate verify`: is a backup complete and unchanged?
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a backup: manifest, files, sizes, SHA-256 checksums, record counts, and that every record reads back.",
        discussion: """
            Exit codes: 0 the backup is sound; 65 something is wrong (each problem is listed); 66 the folder \
            does not exist.
            """
    )

    @Argument(help: "The backup folder (the one holding manifest.json).") var directory: String

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure(.missingInput, "\(directory): no such folder")
        }
        let report = BackupVerifier.verify(directory)
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

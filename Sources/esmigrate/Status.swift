import ArgumentParser
import ESAPI
import ESMigration
import ESReaders
import ESRecords
import Foundation
import Logging

/// `esmigrate status`: what a journal holds and what a resume would do.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an import journal: counts, failures, what a resume would do.")

    @Option(help: "The journal file.") var journal: String

    @OptionGroup var log: LogOptions

    func run() async throws {
        StderrLogHandler.bootstrap(level: .notice)
        guard FileManager.default.fileExists(atPath: journal) else {
            throw CommandFailure(.missingInput, "\(journal): no such journal (import and restore print their "
                                    + "journal's path; the default ones are in ./.esmigrate/)")
        }
        let j = try Journal(path: journal)
        try await j.validate()
        let (counts, failed) = (try await j.counts(), try await j.page([.failed], after: 0, limit: 50))
        var lines = [JournalItem.State.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: "  ")]
        for f in failed { lines.append("failed: \(f.collection): \(f.error ?? "")") }
        let uncertain = (counts[.sent] ?? 0) + (counts[.unknown] ?? 0)
        let pending = counts[.pending] ?? 0
        lines.append(uncertain + pending == 0 ? "complete: a resume would send nothing"
            : "a resume would reconcile \(uncertain) uncertain writes against live state, then send \(pending) pending ones")
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
    }
}

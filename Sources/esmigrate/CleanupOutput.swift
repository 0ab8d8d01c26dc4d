import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging

/// Shared printing of selections (stdout: one record per line, scriptable).
enum CleanupOutput {
    static func list(_ selection: Cleanup.Selection) {
        var out = ""
        for r in selection.matches {
            out += "\(r.id?.rawValue ?? "?")\t\(r.keyForHumans)\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        var summary = "\(selection.collection): \(selection.matches.count) of \(selection.total) live records selected"
        if selection.readOnly > 0 { summary += "; \(selection.readOnly) directory-synced matches left alone (read-only)" }
        StderrLogHandler.write(summary + "\n")
        for name in selection.notFound { StderrLogHandler.write("not found: \(name) is not a protected domain\n") }
    }

    /// Prints the selection; without `--yes` stops there (exit 2 when something would change), else returns
    /// the delete decisions (`nil` when nothing is selected).
    static func decide(_ selection: Cleanup.Selection, yes: Bool, verb: String) throws -> [PlanDecision]? {
        list(selection)
        if selection.matches.isEmpty { return nil }
        guard yes else {
            StderrLogHandler.write("dry run: nothing changed; add --yes to \(verb) these \(selection.matches.count)\n")
            throw CommandFailure(.changesPending)
        }
        return selection.decisions
    }
}

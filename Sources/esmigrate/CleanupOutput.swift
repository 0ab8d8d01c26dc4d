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

    /// Prints the selection and returns its delete decisions (`nil` when nothing is selected); without `--yes`
    /// the run's approval holds them (exit 2).
    static func decide(_ selection: Cleanup.Selection) -> [PlanDecision]? {
        list(selection)
        return selection.matches.isEmpty ? nil : selection.decisions
    }
}

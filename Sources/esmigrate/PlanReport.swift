import ArgumentParser
import ESMigration
import ESReaders
import ESRecords
import Logging

/// How plans and input problems are shown (human table on stderr, JSON Lines on request).
enum PlanReport {
    /// Stops on unreadable inputs (exit 66/64/65) and warns about rejected rows.
    static func checkInputs(_ inputs: InputReport, logger: Logger) throws {
        if !inputs.errors.isEmpty { throw InputFailure(report: inputs) }
        warnRejected(inputs, logger: logger)
    }

    /// Warns about input rows (or backup records) that will not be imported.
    static func warnRejected(_ inputs: InputReport, logger: Logger) {
        if let backup = inputs.backup {
            for r in backup.rejected.prefix(50) { StderrLogHandler.write("rejected: \(r)\n") }
            if backup.rejectedCount > 50 { StderrLogHandler.write("… and \(backup.rejectedCount - 50) more rejected\n") }
            StderrLogHandler.write("backup: \(backup.read) records read, \(backup.restorable) to restore, "
                + "\(backup.skippedDirectorySynced) directory-synced skipped, \(backup.rejectedCount) rejected\n")
            return
        }
        let rejected = inputs.summary.count(.rejected)
        if rejected > 0 {
            logger.warning("\(rejected) input rows were rejected and will not be imported (see `esmigrate normalize --report`)")
        }
    }

    /// The most conflicts listed under the summary table (`--plan-out` has every decision).
    static let listedConflicts = 200

    /// Prints the table of decisions per collection and action, and the conflicts with their reasons.
    static func printSummary(_ summary: PlanSummary, store: PlanStore, mode: ImportMode) throws {
        let actions = PlanDecision.Action.allCases
        var lines = ["collection".padded(24) + actions.map { $0.rawValue.leftPadded(11) }.joined()]
        for c in SettingsCollection.allCases {
            guard let counts = summary.counts[c] else { continue }
            lines.append(c.rawValue.padded(24) + actions.map { String(counts[$0] ?? 0).leftPadded(11) }.joined())
        }
        for (_, d) in try store.decisions(limit: listedConflicts, mode: mode, actions: [.conflict]) {
            lines.append("conflict: \(d.source.map { "\($0): " } ?? "")\(d.naturalKeyForHumans): \(d.reason ?? "")")
        }
        let conflicts = summary.count(.conflict)
        if conflicts > listedConflicts {
            lines.append("… and \(conflicts - listedConflicts) more conflicts (--plan-out writes every decision)")
        }
        lines.append(summary.writes == 0 ? "nothing to change" : "\(summary.writes) changes pending")
        StderrLogHandler.write(lines.joined(separator: "\n") + "\n")
    }

    /// Writes every decision as a JSON line, a page at a time.
    static func writeJSONL(_ store: PlanStore, mode: ImportMode, to path: String) throws {
        let out = try ByteOutput(path: path)
        try writeJSONL(store, mode: mode, to: out, account: nil)
        try out.flush()
    }

    /// Writes every decision as a JSON line to `out`, with an `account` key when planning several accounts.
    static func writeJSONL(_ store: PlanStore, mode: ImportMode, to out: ByteOutput, account: String?) throws {
        var json = JSONWriter()
        try store.forEachDecision(mode: mode) { d in
            json.reset()
            json.beginObject()
            if let account { json.key("account"); json.string(account) }
            json.key("action"); json.string(d.action.rawValue)
            json.key("collection"); json.string(d.collection.rawValue)
            json.key("source"); json.string(d.source)
            json.key("live_id"); json.string(d.live?.id?.rawValue)
            json.key("reason"); json.string(d.reason)
            json.key("record")
            if let r = d.desired ?? d.live { r.write(to: &json) } else { json.null() }
            json.endObject()
            json.newline()
            try out.write(json.bytes)
        }
    }
}

extension PlanDecision {
    /// The pattern or name the decision is about.
    var naturalKeyForHumans: String { (desired ?? live)?.keyForHumans ?? "?" }
}

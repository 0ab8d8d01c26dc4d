import ESMigration
import ESRecords
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How `import` shows progress: a one-line bar on a terminal, JSON events otherwise (`--progress json`).
enum ProgressDisplay: String, Sendable {
    case auto, bar, json, none

    /// The mode to use: `auto` is a bar when stderr is a terminal and nothing otherwise.
    var resolved: ProgressDisplay {
        guard self == .auto else { return self }
        return isatty(2) == 1 ? .bar : .none
    }

    /// The progress callback for this mode.
    func handler() -> (@Sendable (ImportProgress) -> Void)? {
        switch resolved {
        case .bar:
            return { p in
                let width = 30
                let filled = p.total > 0 ? width * (p.done + p.failed) / p.total : width
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                let eta = p.eta.map { String(format: "ETA %.0fs", $0) } ?? "ETA ?"
                StderrLogHandler.write(String(format: "\r[%@] %d/%d  %.1f/s  %@  429s %d  ", bar, p.done + p.failed,
                                              p.total, p.perSecond, eta, p.rateLimited))
            }
        case .json:
            return { p in
                var json = JSONWriter()
                json.beginObject()
                json.key("event"); json.string("progress")
                json.key("done"); json.int(p.done)
                json.key("failed"); json.int(p.failed)
                json.key("total"); json.int(p.total)
                json.key("rate_limited"); json.int(p.rateLimited)
                json.key("seconds"); json.raw(Array(String(format: "%.3f", p.seconds).utf8))
                json.endObject()
                json.newline()
                StderrLogHandler.write(String(decoding: json.bytes, as: UTF8.self))
            }
        case .none, .auto:
            return nil
        }
    }

    /// Ends the bar's line.
    func finish() {
        if resolved == .bar { StderrLogHandler.write("\n") }
    }
}

/// `import --report PATH`: counts per collection and state, the failures with their reasons (the first 10,000,
/// and `failed_total`), request figures.
enum ImportReportFile {
    static func write(_ report: ImportReport, rejectedInputRows: Int, to path: String) throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("counts")
        json.beginObject()
        for (collection, counts) in report.counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            json.key(dynamic: collection.rawValue)
            json.beginObject()
            for state in JournalItem.State.allCases { json.key(dynamic: state.rawValue); json.int(counts[state] ?? 0) }
            json.endObject()
        }
        json.endObject()
        json.key("failures")
        json.beginArray()
        for f in report.failures {
            json.beginObject()
            json.key("collection"); json.string(f.collection.rawValue)
            json.key("action"); json.string(f.action.rawValue)
            json.key("key"); json.string(f.naturalKey.split(separator: "\u{1}").map(String.init).joined(separator: " "))
            json.key("error"); json.string(f.error)
            json.endObject()
        }
        json.endArray()
        json.key("failed_total"); json.int(report.failedTotal)
        json.key("rejected_input_rows"); json.int(rejectedInputRows)
        json.key("write_requests"); json.int(report.writeRequests)
        json.key("api_requests"); json.int(report.apiRequests)
        json.key("rate_limited"); json.int(report.rateLimited)
        json.key("retries"); json.int(report.retries)
        json.key("reconciled"); json.int(report.reconciled)
        json.key("remaining"); json.int(report.remaining)
        json.endObject()
        json.newline()
        try Data(json.bytes).write(to: URL(fileURLWithPath: path))
    }
}

import ESMigration
import ESRecords
import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How `import` shows progress: a one-line bar on a terminal, JSON events otherwise (`--progress json`).
enum ProgressDisplay: String, Sendable, CaseIterable, ExpressibleByArgument {
    case auto, bar, json, none

    /// The mode to use: `auto` is a bar when stderr is a terminal and nothing otherwise.
    var resolved: ProgressDisplay {
        guard self == .auto else { return self }
        return isatty(2) == 1 ? .bar : .none
    }

    /// The progress callback of a fleet: JSON events with an `account` key, or nothing (the accounts' bars
    /// would overwrite each other).
    func fleetHandler() -> (@Sendable (String, ImportProgress) -> Void)? {
        guard resolved == .json else { return nil }
        return { account, p in Self.jsonEvent(p, account: account) }
    }

    /// One progress event as a JSON line on stderr.
    static func jsonEvent(_ p: ImportProgress, account: String?) {
        var json = JSONWriter()
        json.beginObject()
        json.key("event"); json.string("progress")
        if let account { json.key("account"); json.string(account) }
        json.key("done"); json.int(p.done)
        json.key("failed"); json.int(p.failed)
        json.key("total"); json.int(p.total)
        json.key("rate_limited"); json.int(p.rateLimited)
        json.key("seconds"); json.raw(Array(String(format: "%.3f", p.seconds).utf8))
        json.endObject()
        json.newline()
        StderrLogHandler.write(String(decoding: json.bytes, as: UTF8.self))
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
            return { Self.jsonEvent($0, account: nil) }
        case .none, .auto:
            return nil
        }
    }

    /// `export --progress json`: one event per collection, once its file is written and synced (with an
    /// `account` key in a fleet export).
    @Sendable static func collectionEvent(account: String?, _ entry: ExportManifest.Entry) {
        var json = JSONWriter()
        json.beginObject()
        json.key("event"); json.string("collection")
        if let account { json.key("account"); json.string(account) }
        json.key("collection"); json.string(entry.collection.rawValue)
        json.key("file"); json.string(entry.file)
        json.key("records"); json.int(entry.count)
        json.key("list_requests"); json.int(entry.listRequests)
        json.endObject()
        json.newline()
        StderrLogHandler.write(String(decoding: json.bytes, as: UTF8.self))
    }

    /// Ends the bar's line.
    func finish() {
        if resolved == .bar { StderrLogHandler.write("\n") }
    }
}

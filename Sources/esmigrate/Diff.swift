import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import ESReaders
import Foundation
import Logging

/// `esmigrate diff`: what changed between two backups, or between a backup and the live account.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the records added, removed and changed between two backups, or a backup and the live account.",
        discussion: """
            Records are matched by natural key within each collection (the pattern and its type, the name and \
            email, the domain); a changed record lists its changed fields, old → new. Ids and timestamps are \
            ignored unless --include-ids, and so is a domain's emails_processed counter. Backups may be in any \
            of the three formats; each is verified first.

              esmigrate diff backups/esmigrate-20261127T020000Z backups/esmigrate-20261128T020000Z
              esmigrate diff backups/esmigrate-20261128T020000Z --live          # what changed since the backup
              esmigrate diff old new --format json | jq 'select(.change == "removed")'

            Exit codes: 0 identical; 2 they differ; 65 a backup does not verify or cannot be read; 66 a backup \
            folder does not exist; 64 usage; 77 the API refused the credential (--live).
            """
    )

    @Argument(help: "The older backup, then the newer one (or one backup with --live).") var backups: [String] = []
    @Flag(help: "Compare the backup with the account's live collections.") var live = false
    @Option(help: "table (a line per difference and counts, on stdout) or json (one object per difference).")
    var format: DiffFormat = .table
    @Flag(name: .customLong("include-ids"), help: "Compare ids and timestamps too.") var includeIDs = false
    @Option(help: "all, or a comma-separated list of collections.") var collections = "all"
    @OptionGroup var api: APIOptions

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard (backups.count == 2 && !live) || (backups.count == 1 && live) else {
            throw ValidationError("give two backups, or one backup and --live")
        }
    }

    func run() async throws {
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.diff")
        for path in backups {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure(.missingInput, "\(path): no such backup folder")
            }
        }
        var options = AccountDiff.Options()
        options.collections = try CollectionList.parse(collections)
        options.includeIDs = includeIDs
        let diff = AccountDiff(old: .backup(backups[0]), new: live ? .live : .backup(backups[1]), options: options,
                               logger: logger)
        let out = try ByteOutput(path: "-")
        let json = format == .json
        let summary: AccountDiff.Summary
        if live {
            try api.requireOneAccount("diff")
            let configuration = try api.resolve()
            summary = try await api.withClient(configuration, logger: logger) { client in
                let out = try ByteOutput(path: "-")
                let result = try await diff.run(client: client) { try out.write(Self.line($0, json: json)) }
                try out.flush()
                return result
            }
        } else {
            summary = try await diff.run { try out.write(Self.line($0, json: json)) }
        }
        let table = Self.counts(summary, collections: options.collections)
        if json { StderrLogHandler.write(table) } else { try out.write(table) }
        try out.flush()
        if summary.total > 0 { throw CommandFailure(.changesPending) }
    }

    /// One difference as output: a JSON line, or a text line.
    static func line(_ d: RecordDiff, json: Bool) -> String { json ? jsonLine(d) : textLine(d) }

    /// `+`, `-` or `~`, the collection, the key, and for a change its fields `name old → new`.
    static func textLine(_ d: RecordDiff) -> String {
        let mark = switch d.change { case .added: "+"; case .removed: "-"; case .changed: "~" }
        var line = "\(mark) \(d.collection.rawValue.padded(24)) \(TextCleaning.displayable(d.key, limit: 200))"
        if d.change == .changed {
            line += ": " + d.fields.map { "\($0.name) \(render($0.old)) → \(render($0.new))" }.joined(separator: "; ")
        }
        return line + "\n"
    }

    static func render(_ v: JSONValue?) -> String {
        guard let v else { return "(absent)" }
        var json = JSONWriter()
        v.write(to: &json)
        return TextCleaning.displayable(String(decoding: json.bytes, as: UTF8.self), limit: 200)
    }

    /// One JSON object per difference: collection, change, key, fields (name, old, new), old, new.
    static func jsonLine(_ d: RecordDiff) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("collection"); json.string(d.collection.rawValue)
        json.key("change"); json.string(d.change.rawValue)
        json.key("key"); json.string(d.key)
        json.key("fields"); json.beginArray()
        for f in d.fields {
            json.beginObject()
            json.key("field"); json.string(f.name)
            json.key("old"); if let v = f.old { v.write(to: &json) } else { json.null() }
            json.key("new"); if let v = f.new { v.write(to: &json) } else { json.null() }
            json.endObject()
        }
        json.endArray()
        json.key("old"); if let v = d.old { v.write(to: &json) } else { json.null() }
        json.key("new"); if let v = d.new { v.write(to: &json) } else { json.null() }
        json.endObject()
        json.newline()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// The counts per collection, and a last line saying whether the states are identical.
    static func counts(_ s: AccountDiff.Summary, collections: [SettingsCollection]) -> String {
        var lines = ["collection".padded(24) + "added".leftPadded(9) + "removed".leftPadded(9) + "changed".leftPadded(9)]
        for c in collections {
            let n = s.counts[c] ?? [:]
            lines.append(c.rawValue.padded(24) + String(n[.added] ?? 0).leftPadded(9)
                         + String(n[.removed] ?? 0).leftPadded(9) + String(n[.changed] ?? 0).leftPadded(9))
        }
        lines.append(s.total == 0 ? "identical (\(s.readOld) records compared)"
                     : "\(s.total) differences (\(s.readOld) records before, \(s.readNew) after)")
        return lines.joined(separator: "\n") + "\n"
    }
}

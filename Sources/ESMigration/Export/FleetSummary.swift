import ESRecords
import ESReaders
import Foundation

/// `fleet.json`: where a fleet export stands, per account, and what it was asked for (so an interrupted run is
/// resumed only by a run that would write the same backups).
struct FleetSummary: Sendable {
    static let fileName = "fleet.json"

    struct Entry: Sendable, Codable {
        var account: String
        /// `pending`, `ok` or `failed`.
        var status: String
        /// The backup folder, relative to the fleet's folder.
        var directory: String?
        var records: Int?
        var error: String?
        /// Kept from an interrupted earlier run instead of exported again.
        var resumed: Bool?
    }

    var toolVersion: String
    var startedAt: Date
    var finishedAt: Date?
    var format: String
    var dialect: String
    var collections: [String]
    var timestamped: Bool
    var accounts: [Entry]

    init<C: Clock>(options: Exporter<C>.Options, accounts: [String], startedAt: Date) {
        toolVersion = options.toolVersion
        self.startedAt = startedAt
        format = options.format.rawValue
        dialect = options.dialect.rawValue
        collections = options.collections.map(\.rawValue)
        timestamped = options.timestamped
        self.accounts = accounts.map { Entry(account: $0, status: "pending") }
    }

    /// Records how `outcome`'s account ended.
    mutating func settle<C: Clock>(_ outcome: FleetExporter<C>.Outcome, in destination: String) {
        guard let i = accounts.firstIndex(where: { $0.account == outcome.account }) else { return }
        var entry = Entry(account: outcome.account, status: outcome.error == nil ? "ok" : "failed")
        entry.directory = outcome.directory.map { Self.relative($0, to: destination) }
        entry.records = outcome.records
        entry.error = outcome.error.map { "\($0)" }
        entry.resumed = outcome.kept == nil ? nil : true
        accounts[i] = entry
    }

    static func relative(_ path: String, to base: String) -> String {
        let base = (base as NSString).standardizingPath + "/"
        let path = (path as NSString).standardizingPath
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// The backups an unfinished run in `destination` completed, when that run was asked for what `current`
    /// is asked for, and each backup is still there (its manifest, written last, present).
    static func unfinished<C: Clock>(in destination: String, matching current: FleetSummary) -> [String: FleetExporter<C>.KeptBackup] {
        let path = destination + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path),
              let previous = try? JSONDecoder.fleet.decode(FleetSummary.self, from: data),
              previous.finishedAt == nil,
              previous.format == current.format, previous.dialect == current.dialect,
              previous.collections == current.collections, previous.timestamped == current.timestamped
        else { return [:] }
        var kept: [String: FleetExporter<C>.KeptBackup] = [:]
        for e in previous.accounts where e.status == "ok" {
            guard let directory = e.directory, let records = e.records else { continue }
            let folder = destination + "/" + directory
            guard ExportManifest.fileKind(folder + "/" + ExportManifest.fileName) == .regular else { continue }
            kept[e.account] = .init(directory: folder, records: records)
        }
        return kept
    }

    /// Writes the summary by a temporary file and a rename, so it is never half written.
    func write(to destination: String) throws {
        let path = destination + "/" + Self.fileName
        do {
            try FileReplacement.write(Array(JSONEncoder.fleet.encode(self)), to: path)
        } catch {
            throw ExportError.output("cannot write the fleet summary: \(error)", file: path)
        }
    }
}

extension FleetSummary: Codable {
    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", startedAt = "started_at", finishedAt = "finished_at", format,
             dialect, collections, timestamped, accounts
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        toolVersion = try c.decode(String.self, forKey: .toolVersion)
        startedAt = try c.decode(Date.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(Date.self, forKey: .finishedAt)
        format = try c.decode(String.self, forKey: .format)
        dialect = try c.decode(String.self, forKey: .dialect)
        collections = try c.decode([String].self, forKey: .collections)
        timestamped = try c.decode(Bool.self, forKey: .timestamped)
        accounts = try c.decode([Entry].self, forKey: .accounts)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("esmigrate", forKey: .tool)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)   // null while the run is unfinished
        try c.encode(format, forKey: .format)
        try c.encode(dialect, forKey: .dialect)
        try c.encode(collections, forKey: .collections)
        try c.encode(timestamped, forKey: .timestamped)
        try c.encode(accounts, forKey: .accounts)
    }
}

extension JSONEncoder {
    /// `fleet.json`'s encoder: ISO 8601 times, stable key order.
    static var fleet: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

extension JSONDecoder {
    /// `fleet.json`'s decoder.
    static var fleet: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}

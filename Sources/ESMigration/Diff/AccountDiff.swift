public import ESAPI
public import ESRecords
import Foundation
import GRDB
public import Logging

/// Compares two states of an account — backups in any of the three formats, or the live collections — record
/// by record, matched by natural key within each collection.
///
/// Both states are streamed into a scratch SQLite database (one canonical JSON text per record), and the
/// differences are read back with a join, a page at a time: memory does not grow with the backups.
/// Ids and timestamps (`id`, `created_at`, `modified_at`, `last_modified`, and the `timestamp` of nested
/// status objects) are left out of the comparison unless ``Options/includeIDs``; so is a domain's
/// `emails_processed`, a traffic counter that changes every day without anyone changing a setting.
public struct AccountDiff: Sendable {
    /// One side of the comparison.
    public enum State: Sendable, Hashable, CustomStringConvertible {
        /// A backup folder (verified before it is read).
        case backup(String)
        /// The account's live collections.
        case live

        public var description: String {
            switch self {
            case .backup(let path): path
            case .live: "the live account"
            }
        }
    }

    /// What to compare.
    public struct Options: Sendable {
        public var collections: [SettingsCollection] = SettingsCollection.allCases
        /// Compare ids and timestamps too.
        public var includeIDs = false

        /// Every collection, ids and timestamps ignored.
        public init() {}
    }

    /// The differences per collection.
    public struct Summary: Sendable, Hashable {
        public var counts: [SettingsCollection: [RecordDiff.Change: Int]] = [:]
        /// Records read from the first state.
        public var readOld = 0
        /// Records read from the second state.
        public var readNew = 0

        /// Differences of every kind and collection.
        public var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    }

    public var old: State
    public var new: State
    public var options: Options
    let logger: Logger

    /// A comparison of `old` with `new`.
    public init(old: State, new: State, options: Options = Options(), logger: Logger) {
        self.old = old
        self.new = new
        self.options = options
        self.logger = logger
    }

    /// Compares the two states, handing each difference to `body` in collection order, then key order.
    ///
    /// - Parameters:
    ///   - client: the account's client, for a side that is ``State/live``.
    ///   - body: receives each difference.
    /// - Throws: ``ExportError`` when a backup does not verify (kind ``ExportError/Kind/unsound``) or cannot be
    ///   read, an `APIError` from the live side, or what `body` throws.
    public func run<C: Clock>(client: EmailSecurityClient<C>, _ body: (RecordDiff) throws -> Void) async throws -> Summary
        where C.Duration == Duration
    {
        try await compare(client: client, body)
    }

    /// Compares two backups (neither side may be ``State/live``), handing each difference to `body`.
    ///
    /// - Parameter body: receives each difference.
    /// - Throws: ``ExportError`` when a backup does not verify or cannot be read, or what `body` throws.
    public func run(_ body: (RecordDiff) throws -> Void) async throws -> Summary {
        precondition(old != .live && new != .live, "comparing with the live account needs a client")
        return try await compare(client: nil as EmailSecurityClient<ContinuousClock>?, body)
    }

    private func compare<C: Clock>(client: EmailSecurityClient<C>?, _ body: (RecordDiff) throws -> Void) async throws
        -> Summary where C.Duration == Duration
    {
        for case .backup(let path) in [old, new] { try Self.requireSound(path) }
        let store = try DiffStore.scratch()
        defer { store.remove() }
        var summary = Summary()
        summary.readOld = try await load(old, side: 0, into: store, client: client)
        summary.readNew = try await load(new, side: 1, into: store, client: client)
        for collection in options.collections {
            try store.differences(in: collection) { diff in
                summary.counts[collection, default: [:]][diff.change, default: 0] += 1
                try body(diff)
            }
        }
        return summary
    }

    /// Fails unless the backup's files are complete and unchanged.
    static func requireSound(_ path: String) throws {
        let report = BackupVerifier.verify(path)
        guard report.isSound else {
            throw ExportError(.unsound, "\(path) does not verify: " + report.problems.prefix(3).joined(separator: "; ")
                              + (report.problems.count > 3 ? "; … (\(report.problems.count) problems)" : ""),
                              context: ErrorContext(file: path))
        }
    }

    private func load<C: Clock>(_ state: State, side: Int, into store: DiffStore, client: EmailSecurityClient<C>?)
        async throws -> Int where C.Duration == Duration
    {
        let includeIDs = options.includeIDs
        var stager = store.stager(side: side, includeIDs: includeIDs)
        switch state {
        case .backup(let path):
            let manifest = try BackupVerifier.manifest(path)
            guard manifest.dialect == .esmigrate else {
                throw ExportError.manifest("\(path) is a \(manifest.dialect.rawValue) export, which drops ids, flags "
                                           + "and types; diff compares esmigrate backups")
            }
            for entry in manifest.collections where options.collections.contains(entry.collection) {
                guard let file = try BackupVerifier.filePath(path, entry) else {
                    throw ExportError.manifest("\(path)/\(entry.file) is missing")
                }
                let reader = try ExportReaders.make(path: file, collection: entry.collection, format: manifest.format)
                while let (line, object) = try reader.next() {
                    try stager.add(try BackupRecord.decode(object, collection: entry.collection, file: file, line: line))
                }
            }
        case .live:
            guard let client else { preconditionFailure("comparing with the live account needs a client") }
            for collection in options.collections {
                try await LiveState.forEachPage(collection, client: client) { page in
                    for record in page { try stager.add(record) }
                }
            }
        }
        try stager.flush()
        logger.info("read", metadata: ["state": "\(state)", "records": "\(stager.count)"])
        return stager.count
    }
}

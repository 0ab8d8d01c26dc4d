import ESAPI
public import ESRecords
import Foundation
import GRDB

/// The import's durable memory: the plan's writes and each one's state, in SQLite (WAL).
///
/// Every state change is committed before the request it describes is sent (`sent`) and after its answer
/// (`done`, `failed`) — so after a crash, even `kill -9`, each item is either untouched, known, or `sent`
/// without an answer, and `sent` items are reconciled against the live collection before anything is sent
/// again. That is what makes an import exactly-once.
///
/// Reads and writes are async: a commit's fsync suspends the calling task on GRDB's writer queue instead of
/// holding a cooperative thread. If the task is cancelled, a write may be refused with `CancellationError`;
/// the items it would have settled stay `sent` and are reconciled by the next run, as after a `kill -9`.
public final class Journal: Sendable {
    let writer: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        do {
            writer = try Self.open(path)
        } catch {
            throw JournalError.from(error, path: path) ?? error
        }
    }

    private static func open(_ path: String) throws -> DatabasePool {
        var config = Configuration()
        config.journalMode = .wal
        // Another connection to this file may hold a lock for a moment: `esmigrate status` reading during an
        // import, or a previous `Journal` on the same path whose connections are still closing (the last one
        // checkpoints the WAL). Wait for it instead of failing with SQLITE_BUSY.
        config.busyMode = .timeout(10)
        let writer = try DatabasePool(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE run (key TEXT PRIMARY KEY, account TEXT NOT NULL, base_url TEXT NOT NULL,
                                  mode TEXT NOT NULL, inputs TEXT NOT NULL, created_at TEXT NOT NULL);
                CREATE TABLE items (
                    seq INTEGER PRIMARY KEY,
                    collection TEXT NOT NULL,
                    action TEXT NOT NULL,
                    natural_key TEXT NOT NULL,
                    record TEXT,
                    target_id TEXT,
                    state TEXT NOT NULL,
                    server_id TEXT,
                    error TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX items_state ON items (state, collection);
                """)
        }
        try migrator.migrate(writer)
        return writer
    }

    /// A read through GRDB, with a full disk or a damaged file reported as ``JournalError``.
    private func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await writer.read(body) } catch { throw JournalError.from(error, path: path) ?? error }
    }

    /// A write transaction through GRDB, with a full disk or a damaged file reported as ``JournalError``.
    private func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await writer.write(body) } catch { throw JournalError.from(error, path: path) ?? error }
    }

    /// Whether this journal already holds a run.
    public func hasRun() async throws -> Bool {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run")! > 0 }
    }

    /// The run key recorded in the journal, if any.
    public func runKey() async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT key FROM run") }
    }

    /// Records a new run and its planned writes (all `pending`).
    public func begin(key: String, account: String, baseURL: String, mode: ImportMode, inputs: [String],
                      decisions: [PlanDecision]) async throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try await write { db in
            try db.execute(sql: "INSERT INTO run (key, account, base_url, mode, inputs, created_at) VALUES (?,?,?,?,?,?)",
                           arguments: [key, account, baseURL, mode.rawValue, inputs.joined(separator: "\n"), now])
            var seq: Int64 = 0
            for d in decisions where d.action.isWrite {
                seq += 1
                try db.execute(sql: """
                    INSERT INTO items (seq, collection, action, natural_key, record, target_id, state)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending')
                    """, arguments: [seq, d.collection.rawValue, d.action.rawValue, d.naturalKey,
                                     try d.desired.map(RecordCoding.encode), d.live?.id?.rawValue])
            }
        }
    }

    /// Items in the given states, in plan order.
    public func items(in states: Set<JournalItem.State>, collection: SettingsCollection? = nil) async throws -> [JournalItem] {
        try await read { db in
            var sql = "SELECT * FROM items WHERE state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
            var args: [any DatabaseValueConvertible] = []
            if let collection {
                sql += " AND collection = ?"
                args.append(collection.rawValue)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY seq", arguments: StatementArguments(args)).map(Self.item)
        }
    }

    /// Marks items `sent`, before their request goes out.
    public func markSent(_ seqs: [Int64]) async throws {
        try await write { db in
            for s in seqs {
                try db.execute(sql: "UPDATE items SET state = 'sent', attempts = attempts + 1 WHERE seq = ?", arguments: [s])
            }
        }
    }

    /// Records the outcome of items.
    public func mark(_ updates: [(seq: Int64, state: JournalItem.State, serverID: RecordID?, error: String?)]) async throws {
        try await write { db in
            for u in updates {
                try db.execute(sql: "UPDATE items SET state = ?, server_id = COALESCE(?, server_id), error = ? WHERE seq = ?",
                               arguments: [u.state.rawValue, u.serverID?.rawValue, u.error, u.seq])
            }
        }
    }

    /// Whether the recorded run has nothing left to send or settle (every item done or failed).
    public func isComplete() async throws -> Bool {
        let counts = try await counts()
        let open: [JournalItem.State] = [.pending, .sent, .unknown]
        return open.allSatisfy { (counts[$0] ?? 0) == 0 }
    }

    /// Forgets a finished run so the same command plans afresh against the live state of today.
    ///
    /// - Precondition: ``isComplete()`` — an unfinished run must be resumed, never dropped.
    public func clearCompletedRun() async throws {
        let complete = try await isComplete()
        precondition(complete, "an unfinished run cannot be cleared")
        try await write { db in
            try db.execute(sql: "DELETE FROM items; DELETE FROM run;")
        }
    }

    /// Items per state.
    public func counts() async throws -> [JournalItem.State: Int] {
        try await read { db in
            var out: [JournalItem.State: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM items GROUP BY state") {
                if let s = JournalItem.State(rawValue: row["state"]) { out[s] = row["n"] }
            }
            return out
        }
    }

    static func item(_ row: Row) throws -> JournalItem {
        let collectionName: String = row["collection"]
        let collection = SettingsCollection(rawValue: collectionName)!
        let actionName: String = row["action"]
        let stateName: String = row["state"]
        let recordText: String? = row["record"]
        let target: String? = row["target_id"]
        let server: String? = row["server_id"]
        let seq: Int64 = row["seq"]
        let key: String = row["natural_key"]
        let error: String? = row["error"]
        var record: NormalizedRecord?
        if let recordText { record = try RecordCoding.decode(recordText, collection: collection) }
        return JournalItem(seq: seq, collection: collection, action: PlanDecision.Action(rawValue: actionName)!,
                           naturalKey: key, record: record, targetID: target.map { RecordID($0) },
                           state: JournalItem.State(rawValue: stateName)!, serverID: server.map { RecordID($0) },
                           error: error)
    }
}

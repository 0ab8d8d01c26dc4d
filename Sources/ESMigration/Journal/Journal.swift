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

    /// Opens (or creates) the journal at `path` and migrates it to the current schema.
    ///
    /// - Throws: ``JournalError`` when the file cannot be written, or is not a journal.
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
        // Journaling a 5M-record plan is one transaction that grows the WAL past a gigabyte; without a limit
        // the file keeps that size after the checkpoint.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_size_limit = 67108864") }
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
        migrator.registerMigration("v2") { db in
            // Input rows rejected when the run was planned (a resume exits 65 as the first run did); a
            // snapshot of live state for reconciliation in bounded memory; the ids credited to creates.
            try db.execute(sql: """
                ALTER TABLE run ADD COLUMN rejected_inputs INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE live_snapshot (collection TEXT NOT NULL, natural_key TEXT NOT NULL, id TEXT NOT NULL,
                                            content TEXT NOT NULL);
                CREATE INDEX live_snapshot_key ON live_snapshot (collection, natural_key);
                CREATE INDEX live_snapshot_id ON live_snapshot (collection, id);
                CREATE INDEX items_server ON items (collection, server_id) WHERE server_id IS NOT NULL;
                CREATE INDEX items_target ON items (collection, target_id) WHERE target_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v3") { db in
            // The live record an update replaces or a delete removes, as the plan saw it (for undo).
            try db.execute(sql: "ALTER TABLE items ADD COLUMN before TEXT")
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
        try await read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM run)") ?? false }
    }

    /// The run key recorded in the journal, if any.
    public func runKey() async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT key FROM run") }
    }

    /// Records a new run and its planned writes (all `pending`): a small plan made in memory, or a test's.
    ///
    /// - Throws: ``MigrationError`` when an update or delete names a live record without an id.
    package func begin(key: String, account: String, baseURL: String, mode: ImportMode, inputs: [String],
                       decisions: [PlanDecision]) async throws {
        let now = ISO8601DateFormatter().string(from: Date())
        let rows = try decisions.compactMap { d -> [String?]? in
            guard d.action.isWrite else { return nil }
            let target = d.live?.id?.rawValue
            if d.live != nil, target == nil { throw MigrationError.liveRecordWithoutID(d.collection, key: d.naturalKey) }
            return [d.collection.rawValue, d.action.rawValue, d.naturalKey, try d.desired.map(RecordCoding.encode),
                    target, try d.live.map(RecordCoding.encode)]
        }
        try await write { db in
            try db.execute(sql: "INSERT INTO run (key, account, base_url, mode, inputs, created_at) VALUES (?,?,?,?,?,?)",
                           arguments: [key, account, baseURL, mode.rawValue, inputs.joined(separator: "\n"), now])
            let statement = try db.makeStatement(sql: """
                INSERT INTO items (seq, collection, action, natural_key, record, target_id, before, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
                """)
            for (seq, row) in rows.enumerated() {
                try statement.execute(arguments: StatementArguments([Int64(seq + 1)] + row as [(any DatabaseValueConvertible)?]))
            }
        }
    }

    /// Records a new run whose writes are the write decisions of `plan` (all `pending`), copied inside
    /// SQLite, so no decision is held in memory.
    public func begin(key: String, account: String, baseURL: String, mode: ImportMode, inputs: [String],
                      plan: PlanStore, rejectedInputs: Int = 0) async throws {
        let now = ISO8601DateFormatter().string(from: Date())
        let planPath = plan.path
        do {
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS plan", arguments: [planPath])
                defer { try? db.execute(sql: "DETACH DATABASE plan") }
                try db.inTransaction {
                    try db.execute(sql: """
                        INSERT INTO run (key, account, base_url, mode, inputs, created_at, rejected_inputs)
                        VALUES (?,?,?,?,?,?,?)
                        """, arguments: [key, account, baseURL, mode.rawValue, inputs.joined(separator: "\n"), now,
                                         rejectedInputs])
                    try db.execute(sql: """
                        INSERT INTO items (collection, action, natural_key, record, target_id, before, state)
                        SELECT x.collection, x.action, COALESCE(d.nkey, l.nkey), d.record, l.id,
                               CASE WHEN x.action <> 'create' THEN l.record END, 'pending'
                        FROM plan.decisions x
                        LEFT JOIN plan.desired d ON d.seq = x.desired_seq AND x.action <> 'delete'
                        LEFT JOIN plan.live l ON l.seq = x.live_seq
                        WHERE x.action IN ('create', 'update', 'delete')
                        ORDER BY x.ord
                        """)
                    return .commit
                }
            }
        } catch {
            throw JournalError.from(error, path: path) ?? error
        }
    }

    /// Input rows the run's plan left out as rejected.
    public func rejectedInputs() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT rejected_inputs FROM run") ?? 0 }
    }

    /// Up to `limit` items of `collection` in `states` after `seq`, in plan order: a page of work (`limit` -1:
    /// every one).
    public func page(_ states: Set<JournalItem.State>, collection: SettingsCollection? = nil, after seq: Int64,
                     limit: Int) async throws -> [JournalItem] {
        try await read { [path] db in
            var sql = "SELECT * FROM items WHERE \(Self.stateCondition(states)) AND seq > ?"
            var args: [any DatabaseValueConvertible] = [seq]
            if let collection {
                sql += " AND collection = ?"
                args.append(collection.rawValue)
            }
            sql += " ORDER BY seq LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { try Self.item($0, path: path) }
        }
    }

    /// The collections that have items in `states`.
    public func collections(in states: Set<JournalItem.State>) async throws -> [SettingsCollection] {
        let names = Set(try await read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT collection FROM items WHERE \(Self.stateCondition(states))")
        })
        if let unknown = names.filter({ SettingsCollection(rawValue: $0) == nil }).sorted().first {
            throw damaged("an item has the collection '\(unknown)', which this version does not know")
        }
        return SettingsCollection.allCases.filter { names.contains($0.rawValue) }
    }

    /// Items per collection and state.
    public func countsByCollection() async throws -> [SettingsCollection: [JournalItem.State: Int]] {
        try await read { [path] db in
            var out: [SettingsCollection: [JournalItem.State: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT collection, state, COUNT(*) AS n FROM items GROUP BY collection, state") {
                let c: SettingsCollection = try Self.known(row["collection"], "collection", path: path)
                let s: JournalItem.State = try Self.known(row["state"], "state", path: path)
                out[c, default: [:]][s] = row["n"]
            }
            return out
        }
    }

    // MARK: - Reconciliation support

    /// Replaces the live snapshot of `collection` with nothing (before a fresh one is streamed in).
    func clearSnapshot(_ collection: SettingsCollection) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM live_snapshot WHERE collection = ?", arguments: [collection.rawValue])
        }
    }

    /// Adds a page of live records to the snapshot.
    func addToSnapshot(_ records: [NormalizedRecord]) async throws {
        let rows = try records.compactMap { r -> (String, String, String, String)? in
            guard let id = r.id else { return nil }
            return (r.collection.rawValue, r.naturalKey, id.rawValue, try RecordCoding.encode(r.content))
        }
        try await write { db in
            let statement = try db.makeStatement(
                sql: "INSERT INTO live_snapshot (collection, natural_key, id, content) VALUES (?, ?, ?, ?)")
            for r in rows { try statement.execute(arguments: [r.0, r.1, r.2, r.3]) }
        }
    }

    /// Settles uncertain items from the live snapshot, in one transaction: a create whose key has a live
    /// record not yet credited to another create is done with that id (else pending); an update whose
    /// content is live is done; a delete whose target is gone is done.
    func settle(_ items: [JournalItem]) async throws -> Int {
        let contents = try items.map { item -> String? in try item.write.record.map { try RecordCoding.encode($0.content) } }
        return try await write { db in
            var settled = 0
            for (item, content) in zip(items, contents) {
                let c = item.collection.rawValue
                var state = JournalItem.State.pending
                var serverID: String?
                switch item.write {
                case .create:
                    // Ids already credited to done items cannot be claimed twice, and a record the plan deletes
                    // or updates is the old one, never this create's.
                    serverID = try String.fetchOne(db, sql: """
                        SELECT s.id FROM live_snapshot s
                        WHERE s.collection = ? AND s.natural_key = ?
                          AND NOT EXISTS (SELECT 1 FROM items i WHERE i.collection = s.collection
                                          AND i.server_id = s.id AND i.state = 'done')
                          AND NOT EXISTS (SELECT 1 FROM items t WHERE t.collection = s.collection AND t.target_id = s.id)
                        ORDER BY s.rowid LIMIT 1
                        """, arguments: [c, item.naturalKey])
                    if serverID != nil { state = .done }
                case .update(let target, _, _):
                    let live = try String.fetchOne(db, sql: "SELECT content FROM live_snapshot WHERE collection = ? AND id = ?",
                                                   arguments: [c, target.rawValue])
                    if let live, live == content { state = .done }
                    serverID = target.rawValue
                case .delete(let target, _):
                    let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM live_snapshot WHERE collection = ? AND id = ?)",
                                                   arguments: [c, target.rawValue]) ?? false
                    if !exists { state = .done }
                    serverID = target.rawValue
                }
                try db.execute(sql: "UPDATE items SET state = ?, server_id = COALESCE(?, server_id), error = NULL WHERE seq = ?",
                               arguments: [state.rawValue, serverID, item.seq])
                settled += 1
            }
            return settled
        }
    }

    /// Items in the given states, in plan order, all at once (for small journals: ``page(_:collection:after:limit:)``
    /// reads a large one in bounded memory).
    public func items(in states: Set<JournalItem.State>, collection: SettingsCollection? = nil) async throws -> [JournalItem] {
        try await page(states, collection: collection, after: 0, limit: -1)   // LIMIT -1: no limit in SQLite
    }

    /// `state IN (…)` for a set of states (their raw values are fixed identifiers, never input).
    private static func stateCondition(_ states: Set<JournalItem.State>) -> String {
        "state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
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
            try db.execute(sql: "DELETE FROM items; DELETE FROM run; DELETE FROM live_snapshot;")
        }
    }

    /// Items per state.
    public func counts() async throws -> [JournalItem.State: Int] {
        try await read { [path] db in
            var out: [JournalItem.State: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM items GROUP BY state") {
                let s: JournalItem.State = try Self.known(row["state"], "state", path: path)
                out[s] = row["n"]
            }
            return out
        }
    }

    /// Checks that every item is one this version can resume: a known collection, action and state, and the
    /// record or target its action needs (a newer version's journal, a hand edit or a damaged file is refused
    /// here, before anything is sent, rather than skipped or trusted). Records are checked to be JSON only on
    /// items a resume still reads (not `done`): about 1 s per million such items.
    ///
    /// - Throws: ``JournalError`` (`damaged`) naming the first item that is not.
    public func validate() async throws {
        let path = path
        try await read { db in
            let collections = SettingsCollection.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let states = JournalItem.State.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let row = try Row.fetchOne(db, sql: """
                SELECT * FROM items
                WHERE collection NOT IN (\(collections)) OR state NOT IN (\(states))
                   OR action NOT IN ('create', 'update', 'delete')
                   OR (action IN ('create', 'update') AND record IS NULL)
                   OR (action IN ('update', 'delete') AND target_id IS NULL)
                   OR (state <> 'done' AND (NOT json_valid(COALESCE(record, '{}')) OR NOT json_valid(COALESCE(before, '{}'))))
                ORDER BY seq LIMIT 1
                """)
            if let row { _ = try Self.item(row, path: path) }
        }
    }

    /// The error for an item this version cannot read.
    private func damaged(_ detail: String) -> JournalError { JournalError(.damaged, path: path, detail: detail) }

    /// The value `text` names, or the damaged-journal error for a text this version does not know.
    private static func known<T: RawRepresentable>(_ text: String, _ column: String, seq: Int64? = nil, path: String)
        throws -> T where T.RawValue == String
    {
        guard let value = T(rawValue: text) else {
            let item = seq.map { "item \($0) has" } ?? "an item has"
            throw JournalError(.damaged, path: path,
                               detail: "\(item) the \(column) '\(text)', which this version does not know")
        }
        return value
    }

    /// The item a row holds.
    ///
    /// - Throws: ``JournalError`` (`damaged`) when a value is unknown or the record its action needs is absent
    ///   or unreadable.
    static func item(_ row: Row, path: String) throws -> JournalItem {
        let seq: Int64 = row["seq"]
        func damaged(_ detail: String) -> JournalError {
            JournalError(.damaged, path: path, detail: "item \(seq) \(detail)")
        }
        let collection: SettingsCollection = try known(row["collection"], "collection", seq: seq, path: path)
        let action: PlanDecision.Action = try known(row["action"], "action", seq: seq, path: path)
        let state: JournalItem.State = try known(row["state"], "state", seq: seq, path: path)
        func record(_ column: String) throws -> NormalizedRecord? {
            guard let text = row[column] as String? else { return nil }
            do {
                let record = try RecordCoding.decode(text, collection: collection)
                return record
            } catch {
                throw damaged("has a \(column) that is not a record of \(collection): \(error)")
            }
        }
        let target = (row["target_id"] as String?).map { RecordID($0) }
        let write: PlannedWrite
        switch (action, try record("record"), target) {
        case (.create, let r?, _): write = .create(r)
        case (.update, let r?, let t?): write = .update(target: t, r, before: try record("before"))
        case (.delete, _, let t?): write = .delete(target: t, before: try record("before"))
        case (.create, nil, _), (.update, nil, _): throw damaged("is a \(action.rawValue) without its record")
        case (.update, _, nil), (.delete, _, nil): throw damaged("is a \(action.rawValue) without its target id")
        default: throw damaged("has the action '\(action.rawValue)', which is not a write")
        }
        return JournalItem(seq: seq, collection: collection, write: write, naturalKey: row["natural_key"],
                           state: state, serverID: (row["server_id"] as String?).map { RecordID($0) },
                           error: row["error"])
    }
}

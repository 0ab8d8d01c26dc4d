public import ESAPI
public import ESRecords
import Foundation
import GRDB

/// Plans an import in SQLite instead of memory: the inputs' records and the live collections are streamed
/// into a scratch database, and the decisions are computed there with SQL.
///
/// Memory does not grow with the input: records are written in transactions of a few thousand, live pages
/// as they arrive, and the decisions are read back a page at a time. What grows is the scratch file (about
/// twice the records' JSON, plus two indexes on the natural key), which is deleted with the store.
///
/// The decisions are the ones the tests' in-memory reference planner (`Planner` in ESTestSupport) makes on the
/// same data, in the same order: the first input record of a natural key wins and later ones are duplicates (R34 across files); a
/// record with no live match is a create, one match with the same content is unchanged, other content an
/// update (a conflict in create mode), several matches a conflict; in sync mode the live records of the
/// touched collections that no input record has are deletes, in list order, after everything else.
public final class PlanStore: Sendable {
    let queue: DatabaseQueue
    /// The scratch database file.
    public let path: String

    /// Records staged per transaction while reading inputs.
    static let chunk = 5000

    /// Opens a new, empty scratch database at `path` (an existing file there is replaced).
    public init(path: String) throws {
        self.path = path
        queue = try ScratchDatabase.open(path: path, role: "plan database", schema: """
            CREATE TABLE desired (seq INTEGER PRIMARY KEY, collection TEXT NOT NULL, nkey TEXT NOT NULL,
                                  record TEXT NOT NULL, content TEXT, source TEXT);
            CREATE TABLE live (seq INTEGER PRIMARY KEY, collection TEXT NOT NULL, nkey TEXT NOT NULL,
                               id TEXT, record TEXT NOT NULL, content TEXT NOT NULL, synced INTEGER NOT NULL);
            CREATE TABLE decisions (ord INTEGER PRIMARY KEY, action TEXT NOT NULL, collection TEXT NOT NULL,
                                    desired_seq INTEGER, live_seq INTEGER, first_seq INTEGER,
                                    live_count INTEGER NOT NULL);
            """)
    }

    /// A scratch database in `directory` with a unique name.
    public static func scratch(in directory: String? = nil) throws -> PlanStore {
        try PlanStore(path: try ScratchDatabase.uniquePath(kind: "plan", in: directory))
    }

    /// Deletes the scratch file.
    public func remove() {
        try? queue.close()
        ScratchDatabase.remove(path)
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch { throw JournalError.from(error, path: path, role: "plan database") ?? error }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch { throw JournalError.from(error, path: path, role: "plan database") ?? error }
    }

    // MARK: - Staging

    /// Buffers input records and writes them to the store a transaction at a time, in input order.
    package struct Stager {
        let store: PlanStore
        var rows: [(collection: String, key: String, record: String, content: String?, source: String?)] = []

        /// Adds one input record (its `source` is where it came from, as `file:line`).
        public mutating func add(_ record: NormalizedRecord, source: String?) throws {
            let text = try RecordCoding.encode(record)
            let content = record.content
            let contentText = content == record ? nil : try RecordCoding.encode(content)
            rows.append((record.collection.rawValue, record.naturalKey, text, contentText, source))
            if rows.count >= PlanStore.chunk { try flush() }
        }

        /// Writes what is buffered.
        public mutating func flush() throws {
            guard !rows.isEmpty else { return }
            let batch = rows
            rows.removeAll(keepingCapacity: true)
            try store.write { db in
                let statement = try db.makeStatement(
                    sql: "INSERT INTO desired (collection, nkey, record, content, source) VALUES (?, ?, ?, ?, ?)")
                for r in batch {
                    try statement.execute(arguments: [r.collection, r.key, r.record, r.content, r.source])
                }
            }
        }
    }

    /// A stager for this store's input records.
    package func stager() -> Stager { Stager(store: self) }

    /// Adds input records (a small plan, or a test).
    package func stage(_ desired: [DesiredRecord]) throws {
        var stager = stager()
        for d in desired { try stager.add(d.record, source: d.source) }
        try stager.flush()
    }

    /// The collections the staged input touches, in `SettingsCollection` order.
    public func touchedCollections() throws -> [SettingsCollection] {
        let names = Set(try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT collection FROM desired") })
        return SettingsCollection.allCases.filter { names.contains($0.rawValue) }
    }

    /// Adds live records (in list order).
    public func stageLive(_ records: [NormalizedRecord]) throws {
        guard !records.isEmpty else { return }
        var rows: [(String, String, String?, String, String, Bool)] = []
        rows.reserveCapacity(records.count)
        for r in records {
            let synced = r.isReadOnly
            rows.append((r.collection.rawValue, r.naturalKey, r.id?.rawValue, try RecordCoding.encode(r),
                         try RecordCoding.encode(r.content), synced))
        }
        try write { db in
            let statement = try db.makeStatement(
                sql: "INSERT INTO live (collection, nkey, id, record, content, synced) VALUES (?, ?, ?, ?, ?, ?)")
            for r in rows { try statement.execute(arguments: [r.0, r.1, r.2, r.3, r.4, r.5]) }
        }
    }

    /// Forgets the live records and the decisions (the staged input stays), so the same input can be planned
    /// against another account.
    public func clearLive() throws {
        try write { db in try db.execute(sql: "DELETE FROM decisions; DELETE FROM live") }
    }

    /// Streams the live collections the input touches into the store, a page (1000 records) at a time.
    public func fetchLive<C: Clock>(client: EmailSecurityClient<C>) async throws where C.Duration == Duration {
        for collection in try touchedCollections() {
            try await LiveState.forEachPage(collection, client: client) { page in
                try await BlockingWork.run { try self.stageLive(page) }     // SQLite, off the cooperative pool
            }
        }
    }

    /// Records decisions a caller made from live state (bulk deletes, domain unprotects), in order, in place
    /// of ``decide(mode:)``.
    public func record(_ decisions: [PlanDecision]) throws {
        try write { db in
            let desired = try db.makeStatement(
                sql: "INSERT INTO desired (collection, nkey, record, content, source) VALUES (?, ?, ?, NULL, ?)")
            let live = try db.makeStatement(
                sql: "INSERT INTO live (collection, nkey, id, record, content, synced) VALUES (?, ?, ?, ?, ?, 0)")
            let decision = try db.makeStatement(sql: """
                INSERT INTO decisions (action, collection, desired_seq, live_seq, live_count) VALUES (?, ?, ?, ?, ?)
                """)
            for d in decisions {
                var desiredSeq: Int64?
                var liveSeq: Int64?
                if let r = d.desired {
                    try desired.execute(arguments: [d.collection.rawValue, r.naturalKey, try RecordCoding.encode(r), d.source])
                    desiredSeq = db.lastInsertedRowID
                }
                if let r = d.live {
                    try live.execute(arguments: [d.collection.rawValue, r.naturalKey, r.id?.rawValue,
                                                 try RecordCoding.encode(r), try RecordCoding.encode(r.content)])
                    liveSeq = db.lastInsertedRowID
                }
                try decision.execute(arguments: [d.action.rawValue, d.collection.rawValue, desiredSeq, liveSeq,
                                                 d.live == nil ? 0 : 1])
            }
        }
    }

    // MARK: - Deciding

    /// Computes the decisions of `mode` from what is staged (replacing earlier ones).
    public func decide(mode: ImportMode) throws {
        try write { db in
            try db.execute(sql: """
                DELETE FROM decisions;
                DROP TABLE IF EXISTS firsts;
                DROP TABLE IF EXISTS live_keys;
                CREATE INDEX IF NOT EXISTS desired_key ON desired (nkey, seq);
                CREATE INDEX IF NOT EXISTS live_key ON live (nkey, seq);
                CREATE TABLE firsts AS SELECT nkey, MIN(seq) AS first_seq FROM desired GROUP BY nkey;
                CREATE UNIQUE INDEX firsts_key ON firsts (nkey);
                CREATE TABLE live_keys AS SELECT nkey, COUNT(*) AS n, MIN(seq) AS first_live FROM live GROUP BY nkey;
                CREATE UNIQUE INDEX live_keys_key ON live_keys (nkey);
                """)
            try db.execute(sql: """
                INSERT INTO decisions (ord, action, collection, desired_seq, live_seq, first_seq, live_count)
                SELECT d.seq,
                       CASE WHEN f.first_seq <> d.seq THEN 'duplicate'
                            WHEN k.n IS NULL THEN 'create'
                            WHEN k.n > 1 THEN 'conflict'
                            WHEN l.content = COALESCE(d.content, d.record) THEN 'unchanged'
                            WHEN :mode = 'create' THEN 'conflict'
                            ELSE 'update' END,
                       d.collection, d.seq,
                       CASE WHEN f.first_seq <> d.seq THEN NULL ELSE k.first_live END,
                       f.first_seq, COALESCE(k.n, 0)
                FROM desired d
                JOIN firsts f ON f.nkey = d.nkey
                LEFT JOIN live_keys k ON k.nkey = d.nkey
                LEFT JOIN live l ON l.seq = k.first_live
                ORDER BY d.seq
                """, arguments: ["mode": mode.rawValue])
            if mode == .sync {
                // Directory-synced registry entries are read-only: never ours to delete.
                try db.execute(sql: """
                    INSERT INTO decisions (ord, action, collection, live_seq, live_count)
                    SELECT (SELECT COALESCE(MAX(seq), 0) FROM desired) + l.seq, 'delete', l.collection, l.seq, 1
                    FROM live l
                    WHERE l.synced = 0
                      AND l.collection IN (SELECT DISTINCT collection FROM desired)
                      AND NOT EXISTS (SELECT 1 FROM firsts f WHERE f.nkey = l.nkey)
                    ORDER BY l.seq
                    """)
            }
        }
    }

    /// Decisions per collection and action.
    public func summary() throws -> PlanSummary {
        try read { db in
            var summary = PlanSummary()
            for row in try Row.fetchAll(db, sql: "SELECT collection, action, COUNT(*) AS n FROM decisions GROUP BY collection, action") {
                guard let c = SettingsCollection(rawValue: row["collection"]),
                      let a = PlanDecision.Action(rawValue: row["action"]) else {
                    throw damaged("a decision has an unknown collection or action")
                }
                summary.counts[c, default: [:]][a] = row["n"]
            }
            return summary
        }
    }

    /// The decisions after position `after` (0 for the first page), at most `limit`, in plan order, with
    /// their reasons; `actions` narrows them (e.g. conflicts only).
    public func decisions(after: Int64 = 0, limit: Int = 1000, mode: ImportMode,
                          actions: Set<PlanDecision.Action>? = nil) throws -> [(position: Int64, decision: PlanDecision)] {
        try read { db in
            var sql = """
                SELECT x.ord, x.action, x.collection, x.live_count, d.record AS desired_record, d.source,
                       l.record AS live_record, fd.record AS first_record, fd.source AS first_source, d.nkey
                FROM decisions x
                LEFT JOIN desired d ON d.seq = x.desired_seq
                LEFT JOIN live l ON l.seq = x.live_seq
                LEFT JOIN desired fd ON fd.seq = x.first_seq AND x.action = 'duplicate'
                WHERE x.ord > ?
                """
            var arguments: [any DatabaseValueConvertible] = [after]
            if let actions {
                sql += " AND x.action IN (\(actions.map { _ in "?" }.joined(separator: ",")))"
                arguments += actions.map(\.rawValue)
            }
            sql += " ORDER BY x.ord LIMIT ?"
            arguments.append(limit)
            var out: [(Int64, PlanDecision)] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) {
                guard let collection = SettingsCollection(rawValue: row["collection"]),
                      let action = PlanDecision.Action(rawValue: row["action"]) else {
                    throw damaged("decision \(row["ord"] as Int64) has an unknown collection or action")
                }
                let desired = try (row["desired_record"] as String?).map { try RecordCoding.decode($0, collection: collection) }
                let live = try (row["live_record"] as String?).map { try RecordCoding.decode($0, collection: collection) }
                var reason: String?
                switch action {
                case .duplicate:
                    if let desired, let firstText = row["first_record"] as String? {
                        reason = PlanReasons.duplicate(desired, first: try RecordCoding.decode(firstText, collection: collection),
                                                         firstSource: row["first_source"])
                    }
                case .update:
                    if let desired, let live { reason = PlanReasons.differs(desired, live: live, mode: mode) }
                case .conflict:
                    let count: Int = row["live_count"]
                    if count > 1 {
                        let ids = try String.fetchAll(db, sql: "SELECT id FROM live WHERE nkey = ? ORDER BY seq",
                                                      arguments: [row["nkey"] as String?])
                        reason = PlanReasons.sharedKey(ids.map { RecordID($0) })
                    } else if let desired, let live {
                        reason = PlanReasons.differs(desired, live: live, mode: mode)
                    }
                case .delete: reason = "not in the input"
                default: break
                }
                guard let change = Self.change(action, desired: desired, live: live) else {
                    throw damaged("decision \(row["ord"] as Int64) (\(action.rawValue)) lacks its records")
                }
                out.append((row["ord"], PlanDecision(change, reason: reason, source: row["source"])))
            }
            return out
        }
    }

    /// The change an action stands for, when the rows it needs are there.
    private static func change(_ action: PlanDecision.Action, desired: NormalizedRecord?, live: NormalizedRecord?)
        -> PlanDecision.Change?
    {
        switch (action, desired, live) {
        case (.create, let d?, _): .create(d)
        case (.update, let d?, let l?): .update(d, live: l)
        case (.unchanged, let d?, let l?): .unchanged(d, live: l)
        case (.conflict, let d?, let l?): .conflict(d, live: l)
        case (.delete, _, let l?): .delete(live: l)
        case (.duplicate, let d?, _): .duplicate(d)
        default: nil
        }
    }

    /// The error for a scratch database whose rows this code did not write.
    private func damaged(_ detail: String) -> JournalError {
        JournalError(.damaged, path: path, detail: detail, role: "plan database")
    }

    /// Every decision, a page at a time, in plan order.
    public func forEachDecision(mode: ImportMode, actions: Set<PlanDecision.Action>? = nil,
                                _ body: (PlanDecision) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let page = try decisions(after: after, limit: 1000, mode: mode, actions: actions)
            guard let last = page.last else { return }
            for (_, d) in page { try body(d) }
            after = last.position
        }
    }
}

import ESRecords
import Foundation
import GRDB

/// The emulator's state in SQLite (GRDB, WAL): every record of every account, as the JSON the API returns.
///
/// One table holds all collections; `seq` gives the default (insertion) order, `sort_text`/`sort_email`
/// the orders the API offers (`pattern`, `name`, `email`, `domain`), and filters read the stored JSON with
/// `json_extract`. State survives a restart when the database is a file.
final class EmulatorStore: Sendable {
    let writer: any DatabaseWriter
    let listCache = ListCache()

    /// A write transaction; every write goes through here so list pages never come from a stale cache.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await listCache.writing { try await writer.write(body) }
    }

    /// The accounts that hold at least one record, sorted.
    func accountsWithData() async throws -> [String] {
        try await writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT account FROM records ORDER BY account") }
    }

    /// One page of a list (see ``list(_:account:collection:query:hint:)``), through the page cache.
    func list(account: String, collection: SettingsCollection, query: ListQuery) async throws -> (items: [String], total: Int) {
        let plain = query.equals.isEmpty && query.anyOf.isEmpty && query.contains.isEmpty
            && (query.search ?? "").isEmpty && (query.order == nil || query.order == "seq")
        guard plain, let generation = listCache.readGeneration() else {
            return try await writer.read { db in
                let page = try Self.list(db, account: account, collection: collection, query: query, hint: nil)
                return (page.items, page.total)
            }
        }
        func key(_ page: Int) -> ListCache.PageKey {
            .init(account: account, collection: collection.rawValue, perPage: query.perPage, page: page,
                  descending: query.descending)
        }
        let hint = Hint(afterSeq: query.page > 1 ? listCache.lastSeq(key(query.page - 1)) : nil,
                        total: listCache.total(.init(account: account, collection: collection.rawValue)))
        let page = try await writer.read { db in
            try Self.list(db, account: account, collection: collection, query: query, hint: hint)
        }
        guard listCache.isCurrent(generation) else {
            // A write ran meanwhile: the hint may not match this snapshot; read the page the plain way.
            return try await writer.read { db in
                let page = try Self.list(db, account: account, collection: collection, query: query, hint: nil)
                return (page.items, page.total)
            }
        }
        listCache.remember(key(query.page), lastSeq: page.lastSeq, total: page.total, at: generation)
        return (page.items, page.total)
    }

    /// Where the previous page ended and the collection's size, when the cache knows them.
    struct Hint: Sendable {
        var afterSeq: Int64?
        var total: Int?
    }

    /// Opens (or creates) the database; `:memory:` keeps everything in memory.
    init(path: String) throws {
        if path == ":memory:" {
            writer = try DatabaseQueue()
        } else {
            var config = Configuration()
            config.journalMode = .wal
            // A previous emulator on the same file may still be closing (its last connection checkpoints).
            config.busyMode = .timeout(10)
            writer = try DatabasePool(path: path, configuration: config)
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE records (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT NOT NULL,
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    sort_text TEXT NOT NULL,
                    sort_email TEXT NOT NULL DEFAULT '',
                    created_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    UNIQUE (account, collection, id)
                );
                CREATE INDEX records_by_collection ON records (account, collection, seq);
                CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """)
        }
        try migrator.migrate(writer)
    }

    /// A stored record: its id and the JSON object the API returns.
    struct Stored: Sendable {
        var id: String
        var body: [String: JSONAny]
    }

    /// The next integer id (legacy generation), per database.
    static func nextInteger(_ db: Database) throws -> Int {
        try db.execute(sql: "INSERT INTO counters(name, value) VALUES ('id', 2400) ON CONFLICT(name) DO UPDATE SET value = value + 1")
        return try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'id'") ?? 2400   // just upserted
    }

    static func insert(_ db: Database, account: String, collection: SettingsCollection, id: String,
                       body: [String: JSONAny]) throws {
        let (sortText, sortEmail) = sortKeys(collection, body)
        try db.execute(sql: """
            INSERT INTO records (account, collection, id, sort_text, sort_email, created_at, body)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [account, collection.rawValue, id, sortText, sortEmail,
                             body["created_at"]?.stringValue ?? "", JSONAny.encode(body)])
    }

    static func update(_ db: Database, account: String, collection: SettingsCollection, id: String,
                       body: [String: JSONAny]) throws {
        let (sortText, sortEmail) = sortKeys(collection, body)
        try db.execute(sql: """
            UPDATE records SET sort_text = ?, sort_email = ?, body = ? WHERE account = ? AND collection = ? AND id = ?
            """, arguments: [sortText, sortEmail, JSONAny.encode(body), account, collection.rawValue, id])
    }

    static func fetch(_ db: Database, account: String, collection: SettingsCollection, id: String) throws -> Stored? {
        guard let text = try String.fetchOne(db, sql: """
            SELECT body FROM records WHERE account = ? AND collection = ? AND id = ?
            """, arguments: [account, collection.rawValue, id]) else { return nil }
        return Stored(id: id, body: try JSONAny.decodeObject(text))
    }

    static func delete(_ db: Database, account: String, collection: SettingsCollection, id: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM records WHERE account = ? AND collection = ? AND id = ?",
                       arguments: [account, collection.rawValue, id])
        return db.changesCount > 0
    }

    /// One page of a list as the stored JSON objects (spliced into the response as they are: decoding and
    /// re-encoding them cost most of a 1000-record page), with the total count for `result_info`.
    static func list(_ db: Database, account: String, collection: SettingsCollection, query: ListQuery, hint: Hint?)
        throws -> (items: [String], total: Int, lastSeq: Int64?)
    {
        var conditions = ["account = ?", "collection = ?"]
        var arguments: [any DatabaseValueConvertible] = [account, collection.rawValue]
        for (field, value) in query.equals {
            conditions.append("json_extract(body, ?) = ?")
            arguments.append("$.\(field)")
            arguments.append(value.databaseValue)
        }
        for (field, values) in query.anyOf where !values.isEmpty {
            conditions.append("json_extract(body, ?) IN (\(Array(repeating: "?", count: values.count).joined(separator: ",")))")
            arguments.append("$.\(field)")
            arguments.append(contentsOf: values as [any DatabaseValueConvertible])
        }
        for (field, value) in query.contains {
            conditions.append("EXISTS (SELECT 1 FROM json_each(body, ?) WHERE json_each.value = ?)")
            arguments.append("$.\(field)")
            arguments.append(value)
        }
        if let search = query.search, search.utf8.contains(0) {
            // SQLite's lower() stops at a NUL, which made `search=%00` an empty search matching everything; no
            // stored text holds a NUL, so such a search matches nothing.
            conditions.append("0")
        } else if let search = query.search, !search.isEmpty {
            conditions.append("(instr(lower(sort_text), lower(?)) > 0 OR instr(lower(sort_email), lower(?)) > 0)")
            arguments.append(search)
            arguments.append(search)
        }
        let whereClause = conditions.joined(separator: " AND ")
        let total = try hint?.total ?? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records WHERE \(whereClause)",
                                                    arguments: StatementArguments(arguments)) ?? 0   // COUNT(*) is one row
        let direction = query.descending ? "DESC" : "ASC"
        let order: String
        switch query.order {
        case "pattern", "name", "domain": order = "sort_text \(direction), seq \(direction)"
        case "email": order = "sort_email \(direction), seq \(direction)"
        case "created_at": order = "created_at \(direction), seq \(direction)"
        default: order = "seq \(direction)"
        }
        // Checked arithmetic: page and per_page come from the request. An offset past Int64 is past every row.
        guard let offset = query.offset else { return ([], total, nil) }
        let rows: [Row]
        if let after = hint?.afterSeq {
            // Where the previous page ended: one index seek instead of walking `offset` rows.
            rows = try Row.fetchAll(db, sql: """
                SELECT seq, body FROM records WHERE \(whereClause) AND seq \(query.descending ? "<" : ">") ?
                ORDER BY \(order) LIMIT ?
                """, arguments: StatementArguments(arguments + [after, query.perPage]))
        } else {
            rows = try Row.fetchAll(db, sql: """
                SELECT seq, body FROM records WHERE \(whereClause) ORDER BY \(order) LIMIT ? OFFSET ?
                """, arguments: StatementArguments(arguments + [query.perPage, offset]))
        }
        return (rows.map { $0["body"] }, total, rows.last?["seq"])
    }

    private static func sortKeys(_ collection: SettingsCollection, _ body: [String: JSONAny]) -> (String, String) {
        switch collection {
        case .impersonationRegistry: (body["name"]?.stringValue ?? "", body["email"]?.stringValue ?? "")
        case .domains: (body["domain"]?.stringValue ?? "", "")
        default: (body["pattern"]?.stringValue ?? "", "")
        }
    }
}

import ESRecords
import Foundation
import GRDB

/// The scratch database of an ``AccountDiff``: both states' records as canonical JSON, keyed by collection and
/// natural key; the differences come out of a join, in key order.
final class DiffStore: Sendable {
    let queue: DatabaseQueue
    let path: String

    /// Records staged per transaction.
    static let chunk = 5000

    init(path: String) throws {
        self.path = path
        queue = try ScratchDatabase.open(path: path, role: "diff database", schema: """
            CREATE TABLE rows (seq INTEGER PRIMARY KEY, side INTEGER NOT NULL, collection TEXT NOT NULL,
                               nkey TEXT NOT NULL, display TEXT NOT NULL, json TEXT NOT NULL);
            """)
    }

    /// A store in the temporary folder with a unique name.
    static func scratch() throws -> DiffStore {
        try DiffStore(path: try ScratchDatabase.uniquePath(kind: "diff"))
    }

    func remove() {
        try? queue.close()
        ScratchDatabase.remove(path)
    }

    /// Adds one side's records in transactions of ``DiffStore/chunk``.
    struct Stager {
        let store: DiffStore
        let side: Int
        let includeIDs: Bool
        private(set) var count = 0
        private var rows: [(String, String, String, String)] = []

        init(store: DiffStore, side: Int, includeIDs: Bool) {
            self.store = store
            self.side = side
            self.includeIDs = includeIDs
        }

        mutating func add(_ record: NormalizedRecord) throws {
            let compared = DiffStore.comparable(try JSONParser.parse(try RecordCoding.encode(record)), includeIDs: includeIDs)
            var json = JSONWriter()
            compared.write(to: &json)
            rows.append((record.collection.rawValue, record.naturalKey, record.keyForHumans,
                         String(decoding: json.bytes, as: UTF8.self)))
            count += 1
            if rows.count >= DiffStore.chunk { try flush() }
        }

        mutating func flush() throws {
            guard !rows.isEmpty else { return }
            let (batch, side) = (rows, self.side)
            rows.removeAll(keepingCapacity: true)
            try store.queue.write { db in
                let statement = try db.makeStatement(
                    sql: "INSERT INTO rows (side, collection, nkey, display, json) VALUES (?, ?, ?, ?, ?)")
                for r in batch { try statement.execute(arguments: [side, r.0, r.1, r.2, r.3]) }
            }
        }
    }

    func stager(side: Int, includeIDs: Bool) -> Stager { Stager(store: self, side: side, includeIDs: includeIDs) }

    /// The fields a comparison ignores unless ids are asked for: ids and timestamps, at any depth.
    static let identityFields: Set<String> = ["id", "created_at", "modified_at", "last_modified", "timestamp"]
    /// Fields never compared: a domain's traffic counter changes without a setting changing.
    static let counterFields: Set<String> = ["emails_processed"]

    /// The object as compared: identity fields dropped (unless `includeIDs`), counters dropped, keys sorted.
    static func comparable(_ value: JSONValue, includeIDs: Bool) -> JSONValue {
        switch value {
        case .object(let pairs):
            return .object(pairs.filter { !counterFields.contains($0.key) && (includeIDs || !identityFields.contains($0.key)) }
                .map { ($0.key, comparable($0.value, includeIDs: includeIDs)) }
                .sorted { $0.key < $1.key })
        case .array(let items):
            return .array(items.map { comparable($0, includeIDs: includeIDs) })
        default:
            return value
        }
    }

    /// The differences in `collection`, in natural-key order; records sharing a key on one side are paired in
    /// the order they were read.
    func differences(in collection: SettingsCollection, _ body: (RecordDiff) throws -> Void) throws {
        try queue.write { db in
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS rows_key ON rows (collection, side, nkey, seq)")
        }
        let sql = """
            WITH a AS (SELECT nkey, display, json, ROW_NUMBER() OVER (PARTITION BY nkey ORDER BY seq) AS n
                       FROM rows WHERE side = 0 AND collection = ?1),
                 b AS (SELECT nkey, display, json, ROW_NUMBER() OVER (PARTITION BY nkey ORDER BY seq) AS n
                       FROM rows WHERE side = 1 AND collection = ?1)
            SELECT a.nkey AS k, a.n AS n, a.display AS ad, a.json AS aj, b.display AS bd, b.json AS bj
              FROM a LEFT JOIN b ON a.nkey = b.nkey AND a.n = b.n WHERE b.json IS NULL OR a.json != b.json
            UNION ALL
            SELECT b.nkey, b.n, NULL, NULL, b.display, b.json
              FROM b LEFT JOIN a ON a.nkey = b.nkey AND a.n = b.n WHERE a.nkey IS NULL
            ORDER BY k, n
            """
        try queue.read { db in
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: [collection.rawValue])
            while let row = try cursor.next() {
                let oldText: String? = row["aj"], newText: String? = row["bj"]
                let old = try oldText.map { try JSONParser.parse($0) }
                let new = try newText.map { try JSONParser.parse($0) }
                let change: RecordDiff.Change
                var fields: [RecordDiff.Field] = []
                switch (old, new) {
                case (nil, _): change = .added
                case (_, nil): change = .removed
                case (let old?, let new?):
                    change = .changed
                    fields = Self.fieldChanges(old, new)
                }
                let key: String = row["bd"] ?? row["ad"] ?? "?"
                try body(RecordDiff(collection: collection, change: change, key: key, old: old, new: new, fields: fields))
            }
        }
    }

    /// The fields whose values differ, as dotted paths into nested objects (arrays compared whole).
    static func fieldChanges(_ old: JSONValue, _ new: JSONValue) -> [RecordDiff.Field] {
        var a: [String: JSONValue] = [:], b: [String: JSONValue] = [:]
        flatten(old, "", into: &a)
        flatten(new, "", into: &b)
        return Set(a.keys).union(b.keys).sorted().compactMap { name in
            a[name] == b[name] ? nil : RecordDiff.Field(name: name, old: a[name], new: b[name])
        }
    }

    static func flatten(_ value: JSONValue, _ prefix: String, into out: inout [String: JSONValue]) {
        if case .object(let pairs) = value {
            for (k, v) in pairs { flatten(v, prefix.isEmpty ? k : prefix + "." + k, into: &out) }
        } else if !prefix.isEmpty {
            out[prefix] = value
        }
    }
}

import Foundation
import GRDB

/// The SQLite files the planner and the diff work in: rebuilt from their inputs if lost, so no rollback journal
/// and no fsync; created empty (an old file at the path is replaced) and deleted when done.
enum ScratchDatabase {
    /// Opens a new, empty database at `path` with `schema`; failures name the file and its `role`.
    static func open(path: String, role: String, schema: String) throws -> DatabaseQueue {
        remove(path)
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try queue.write { db in try db.execute(sql: schema) }
            return queue
        } catch {
            throw JournalError.from(error, path: path, role: role) ?? error
        }
    }

    /// A unique path named `esmigrate-<kind>-<uuid>.sqlite` in `directory` (default: the temporary folder).
    static func uniquePath(kind: String, in directory: String? = nil) throws -> String {
        let directory = directory ?? NSTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return URL(fileURLWithPath: directory).appendingPathComponent("esmigrate-\(kind)-\(UUID().uuidString).sqlite").path
    }

    /// Deletes the database and its side files.
    static func remove(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

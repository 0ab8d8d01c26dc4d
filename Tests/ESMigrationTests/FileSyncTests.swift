@testable import ESMigration
import Foundation
import Testing

/// `fsync` of the backup's files and folders: real files on the real file system.
@Suite("File sync")
struct FileSyncTests {
    @Test("A file and a folder are flushed; a missing path is an error that names it")
    func syncs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("records.jsonl")
        try Data("{}\n".utf8).write(to: file)
        try FileSync.sync(file.path)
        try FileSync.sync(dir.path)
        let missing = dir.appendingPathComponent("gone").path
        #expect(throws: ExportError.destination("\(missing): open failed: No such file or directory")) {
            try FileSync.sync(missing)
        }
    }
}

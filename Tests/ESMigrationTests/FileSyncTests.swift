@testable import ESMigration
import ESRecords
import Foundation
import Synchronization
import Testing

/// `fsync` of the backup's files and folders: real files on the real file system, and the order an export
/// flushes them in, which is what makes its final rename safe against a power loss.
@Suite("File sync")
struct FileSyncTests {
    @Test("A missing path is a destination error whose context names the file")
    func missing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("gone").path
        do {
            try FileSync.sync(missing)
            Issue.record("a missing file was synced")
        } catch {
            #expect(error.kind == .destination)
            #expect(error.context.file == missing)
            #expect(error.message.contains("No such file or directory"), "\(error)")
        }
    }

    @Test("An export flushes every file it wrote, then the staging folder, then the folder holding the backup")
    func exportOrder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let synced = Mutex<[String]>([])
        let destination = dir.appendingPathComponent("backup").path
        try await ExportFixture.withAccounts(["acc1"], directory: dir) { clients in
            try await ExportFixture.seed(clients[0])
            try await FileSync.$observer.withValue({ path in synced.withLock { $0.append(path) } }) {
                _ = try await Exporter(client: clients[0], logger: ExportFixture.logger)
                    .run(Exporter.Options(destination: destination))
            }
        }
        let order = synced.withLock { $0 }
        // The files as the file system lists them afterwards: an account independent of the exporter's own.
        let files = try FileManager.default.contentsOfDirectory(atPath: destination).sorted()
        #expect(files.count == SettingsCollection.allCases.count + 1, "\(files)")
        #expect(order.count == files.count + 2, "\(order)")
        let names = order.prefix(files.count).map { ($0 as NSString).lastPathComponent }
        #expect(names.sorted() == files, "every file is flushed, before the folders")
        #expect(names.last == ExportManifest.fileName, "the manifest is flushed last of the files")
        let staging = (order[files.count] as NSString)
        #expect(staging.deletingLastPathComponent == dir.path, "the staging folder sits beside the destination")
        #expect(order.prefix(files.count).allSatisfy { ($0 as NSString).deletingLastPathComponent == order[files.count] },
                "the files are flushed in the staging folder, before it is renamed")
        #expect(order.last == dir.path, "the parent is flushed after the rename")
    }
}

import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging
import Testing

/// A manifest is input too (issue 9): it may only name plain files directly inside its backup folder, and a
/// staging folder left by a killed export is never taken for a backup.
@Suite("Manifest safety: files outside the folder, links, staging folders")
struct ManifestSafetyTests {
    static let logger = Logger(label: "esmigrate.tests")

    /// Rewrites the manifest of `backup` with `change` applied to its entries.
    static func rewrite(_ backup: String, _ change: (inout [ExportManifest.Entry]) -> Void) throws {
        let url = URL(fileURLWithPath: "\(backup)/manifest.json")
        var manifest = try JSONDecoder().decode(ExportManifest.self, from: Data(contentsOf: url))
        change(&manifest.collections)
        try JSONEncoder().encode(manifest).write(to: url)
    }

    /// Every way of reading a backup must refuse it: verify, restore's reader, and delete --from-export's.
    static func expectRefused(_ backup: String, mentioning words: String) {
        let report = BackupVerifier.verify(backup)
        #expect(!report.isSound)
        #expect(report.problems.contains { $0.contains(words) }, "\(report.problems)")
        #expect(throws: ExportError.self) { try BackupSource.read(backup, logger: Self.logger) }
        #expect(throws: ExportError.self) { try BackupIDs.read(backup, collection: .allowPolicies) }
    }

    @Test("A manifest naming a file outside the folder (with matching size and hash) is refused", arguments: [
        "../elsewhere/allow_policies.jsonl", "ELSEWHERE_ABSOLUTE", "sub/allow_policies.jsonl", "..", "",
    ])
    func outside(name: String) async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = try await BackupTests.backup(dir)
        let elsewhere = dir.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(backup)/allow_policies.jsonl",
                                         toPath: elsewhere.appendingPathComponent("allow_policies.jsonl").path)
        let target = name == "ELSEWHERE_ABSOLUTE" ? elsewhere.appendingPathComponent("allow_policies.jsonl").path : name
        try Self.rewrite(backup) { entries in
            let i = entries.firstIndex { $0.collection == .allowPolicies }!
            entries[i].file = target
        }
        Self.expectRefused(backup, mentioning: "plain files directly inside the backup folder")
    }

    @Test("A backup file that is a symbolic link is refused, not followed")
    func symlink() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = try await BackupTests.backup(dir)
        let outside = dir.appendingPathComponent("outside.jsonl").path
        try FileManager.default.moveItem(atPath: "\(backup)/allow_policies.jsonl", toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: "\(backup)/allow_policies.jsonl", withDestinationPath: outside)
        Self.expectRefused(backup, mentioning: "symbolic link")
    }

    @Test("A collection listed twice is refused")
    func duplicateCollection() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = try await BackupTests.backup(dir)
        try Self.rewrite(backup) { entries in
            var copy = entries.first { $0.collection == .blockSenders }!
            copy.collection = .allowPolicies
            entries.append(copy)
        }
        Self.expectRefused(backup, mentioning: "more than once")
    }

    @Test("A complete-looking staging folder of a killed export does not verify", arguments: ["partial", "old"])
    func stagingFolder(kind: String) async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = try await BackupTests.backup(dir)
        let staging = dir.appendingPathComponent(".backup.\(kind)-4242").path
        try FileManager.default.copyItem(atPath: backup, toPath: staging)
        let report = BackupVerifier.verify(staging)
        #expect(!report.isSound)
        #expect(report.problems.contains { $0.contains("staging folder of an unfinished export") }, "\(report.problems)")
        #expect(BackupVerifier.verify(backup).isSound)
    }
}

import ESAPI
import ESEmulator
import ESMigration
import ESRecords
import Foundation
import Testing

/// The backup folder: staging and rename, replacement, rotation, and what `verify` catches.
@Suite("Backups: staging, rotation and verification")
struct BackupTests {
    /// Exports one seeded account and returns the backup folder.
    static func backup(_ dir: URL, format: ExportFormat = .jsonl) async throws -> String {
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            try await ExportFixture.seed(clients[0])
            var options = Exporter<ContinuousClock>.Options(destination: dir.appendingPathComponent("backup").path)
            options.format = format
            return try await Exporter(client: clients[0], logger: ExportFixture.logger).run(options).directory
        }
    }

    @Test("verify names each kind of damage", arguments: ExportFormat.allCases)
    func damage(format: ExportFormat) async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = try await Self.backup(dir, format: format)
        #expect(BackupVerifier.verify(backup).isSound)
        let fm = FileManager.default
        let ext = format.fileExtension

        // A changed byte: checksum (and the record that no longer reads).
        let block = "\(backup)/block_senders.\(ext)"
        var text = try String(contentsOfFile: block, encoding: .utf8)
        text = text.replacingOccurrences(of: "spam@bad.example", with: "spam@bad.exampl3")
        try text.write(toFile: block, atomically: true, encoding: .utf8)
        var report = BackupVerifier.verify(backup)
        #expect(report.problems.contains { $0.contains("block_senders") && $0.contains("SHA-256") })

        // A missing file, an unexpected file.
        try fm.removeItem(atPath: "\(backup)/trusted_domains.\(ext)")
        try "x".write(toFile: "\(backup)/notes.txt", atomically: true, encoding: .utf8)
        report = BackupVerifier.verify(backup)
        #expect(report.problems.contains { $0.contains("trusted_domains.\(ext) is missing") })
        #expect(report.problems.contains { $0.contains("notes.txt is not in the manifest") })

        // A truncated file: size, checksum and count.
        let allow = "\(backup)/allow_policies.\(ext)"
        let data = try Data(contentsOf: URL(fileURLWithPath: allow))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: allow))
        report = BackupVerifier.verify(backup)
        #expect(report.problems.contains { $0.contains("allow_policies") && $0.contains("bytes") })

        // No manifest: not a backup.
        try fm.removeItem(atPath: "\(backup)/manifest.json")
        report = BackupVerifier.verify(backup)
        #expect(!report.isSound)
        #expect(report.problems.first?.contains("manifest.json: the manifest is missing") == true)
    }

    @Test("A count that disagrees with the manifest is reported")
    func count() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = try await Self.backup(dir)
        let path = "\(backup)/manifest.json"
        var manifest = try JSONDecoder().decode(ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        manifest.collections[0].count += 1
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: path))
        let report = BackupVerifier.verify(backup)
        #expect(report.problems == ["allow_policies: allow_policies.jsonl holds 4 records; the manifest says 5"])
    }

    @Test("The manifest records the tool, account, API base, times, format, counts and checksums — no secret")
    func manifest() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = try await Self.backup(dir)
        let text = try String(contentsOfFile: "\(backup)/manifest.json", encoding: .utf8)
        #expect(!text.contains(ExportFixture.token))
        let m = try BackupVerifier.manifest(backup)
        #expect(m.accountID == "one")
        #expect(m.apiBase.hasPrefix("http://127.0.0.1:"))
        #expect(m.startedAt <= m.finishedAt)
        #expect(m.collections.map(\.count) == [4, 3, 3, 2, 2])
        for e in m.collections { #expect(try FileDigest.sha256("\(backup)/\(e.file)").hex == e.sha256) }
    }

    @Test("A failed export leaves neither a backup nor its staging folder; an old backup stays intact")
    func failure() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let destination = dir.appendingPathComponent("backup").path
        let old = try await Self.backup(dir)
        let oldManifest = try String(contentsOfFile: "\(old)/manifest.json", encoding: .utf8)
        // The token is bound to another account: the first list answers 403.
        try await ExportFixture.withAccounts(["other"], directory: dir, adjust: {
            $0.credentials = [EmulatorCredential(.token(ExportFixture.token), accounts: ["someone-else"])]
        }) { clients in
            await #expect(throws: APIError.self) {
                _ = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(.init(destination: destination))
            }
        }
        #expect(try String(contentsOfFile: "\(destination)/manifest.json", encoding: .utf8) == oldManifest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("A folder that is not a backup is never replaced")
    func refuseForeign() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let destination = dir.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        try "precious".write(to: destination.appendingPathComponent("thesis.txt"), atomically: true, encoding: .utf8)
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            await #expect(throws: ExportError.self) {
                _ = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(.init(destination: destination.path))
            }
        }
        #expect(try String(contentsOf: destination.appendingPathComponent("thesis.txt"), encoding: .utf8) == "precious")
    }

    @Test("--timestamped --keep N keeps the newest N complete backups")
    func rotation() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let nightly = dir.appendingPathComponent("nightly").path
        try FileManager.default.createDirectory(atPath: nightly, withIntermediateDirectories: true)
        // A crashed night: a staging folder and no manifest; it must not count as a backup.
        try FileManager.default.createDirectory(atPath: "\(nightly)/.esmigrate-20261101T000000Z.partial-99",
                                                withIntermediateDirectories: true)
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            try await ExportFixture.seed(clients[0])
            var options = Exporter<ContinuousClock>.Options(destination: nightly)
            options.timestamped = true
            options.keep = 2
            var last: Exporter<ContinuousClock>.Result?
            for day in 1...4 {
                let when = Date(timeIntervalSince1970: 1_795_000_000 + Double(day) * 86_400)
                last = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(options, now: when)
            }
            #expect(last?.rotatedOut.count == 1)
            #expect(last?.warnings.contains { $0.contains("partial-99") && $0.contains("interrupted") } == true)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: nightly).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.count == 2)
        #expect(names.allSatisfy { $0.hasPrefix("esmigrate-2026") })
        #expect(names == names.sorted())
        for n in names { #expect(BackupVerifier.verify("\(nightly)/\(n)").isSound) }
    }

    @Test("Exports in the same second get numbered names that sort after the first, and rotation keeps the newest")
    func sameSecond() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let nightly = dir.appendingPathComponent("nightly").path
        let when = Date(timeIntervalSince1970: 1_795_000_000)   // 2026-11-18 11:06:40 UTC (python's datetime)
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            try await ExportFixture.seed(clients[0])
            var options = Exporter<ContinuousClock>.Options(destination: nightly)
            options.timestamped = true
            options.keep = 2
            for _ in 0..<3 { _ = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(options, now: when) }
            // The next second sorts after every numbered name of the one before.
            _ = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(options, now: when + 1)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: nightly).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == ["esmigrate-20261118T110640Z-03", "esmigrate-20261118T110641Z"], "\(names)")
        for n in names { #expect(BackupVerifier.verify("\(nightly)/\(n)").isSound) }
    }

    @Test("restore skips directory-synced registry entries and reports records the API would refuse")
    func restoreSource() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = dir.appendingPathComponent("b").path
        try FileManager.default.createDirectory(atPath: backup, withIntermediateDirectories: true)
        let reg = #"""
            {"id":"1","name":"Synced","email":"s@example.com","is_email_regex":false,"provenance":"SNOOPY-OFFICE_365","directory_id":7}
            {"id":"2","name":"Manual","email":"m@example.com","is_email_regex":false,"provenance":"A1S_INTERNAL"}
            """# + "\n"
        let block = #"{"id":"3","pattern":"10.0.0.1","pattern_type":"IP","is_regex":false}"# + "\n"
        try reg.write(toFile: "\(backup)/impersonation_registry.jsonl", atomically: true, encoding: .utf8)
        try block.write(toFile: "\(backup)/block_senders.jsonl", atomically: true, encoding: .utf8)
        let entries = try [("impersonation_registry.jsonl", SettingsCollection.impersonationRegistry, 2),
                           ("block_senders.jsonl", .blockSenders, 1)].map { file, c, n in
            let d = try FileDigest.sha256("\(backup)/\(file)")
            return ExportManifest.Entry(collection: c, file: file, count: n, bytes: d.bytes, sha256: d.hex, listRequests: 1)
        }
        let manifest = ExportManifest(toolVersion: "t", accountID: "a", apiBase: "http://x", startedAt: "s",
                                      finishedAt: "f", format: .jsonl, dialect: .esmigrate, collections: entries)
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: "\(backup)/manifest.json"))
        #expect(BackupVerifier.verify(backup).isSound)
        let inputs = try BackupSource.read(backup, logger: ExportFixture.logger)
        #expect(inputs.read == 3)
        #expect(inputs.skippedDirectorySynced == 1)
        #expect(inputs.desired.map(\.record.naturalKey) == ["impersonation_registry\u{1}manual\u{1}m@example.com"])
        #expect(inputs.rejected.count == 1)
        #expect(inputs.rejected.first?.hasPrefix("\(backup)/block_senders.jsonl:1: pattern") == true)
    }
}

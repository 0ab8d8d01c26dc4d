import ESAPI
import ESMigration
import ESRecords
import ESTestSupport
import Foundation
import Testing

/// Export → restore into an empty account → export, over real HTTP against the emulator.
@Suite("Export, verify and restore round trip")
struct ExportRoundTripTests {
    @Test("A restored backup exports identically apart from ids and timestamps", arguments: ExportFormat.allCases)
    func roundTrip(format: ExportFormat) async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await ExportFixture.withAccounts(["source", "clone"], directory: dir) { clients in
            let (source, clone) = (clients[0], clients[1])
            try await ExportFixture.seed(source)
            var options = Exporter<ContinuousClock>.Options(destination: dir.appendingPathComponent("a").path)
            options.format = format
            let first = try await Exporter(client: source, logger: ExportFixture.logger).run(options)
            #expect(first.manifest.collections.map(\.collection) == SettingsCollection.allCases)
            #expect(first.records == 4 + 3 + 3 + 2 + 2)
            #expect(BackupVerifier.verify(first.directory).isSound)

            let inputs = try BackupSource.read(first.directory, logger: ExportFixture.logger)
            #expect(inputs.rejected.isEmpty)
            #expect(inputs.desired.count == first.records)
            let plan = try await PlanBuilder.plan(inputs.desired, mode: .create, client: clone)
            #expect(plan.allSatisfy { $0.action == .create })
            let journal = try Journal(path: dir.appendingPathComponent("restore.sqlite").path)
            try await journal.begin(key: "restore", account: "clone", baseURL: "local", mode: .create, inputs: [],
                                    decisions: plan)
            let report = try await Importer(client: clone, journal: journal, logger: ExportFixture.logger).run()
            #expect(report.failures.isEmpty)
            #expect(report.remaining == 0)

            options.destination = dir.appendingPathComponent("b").path
            let second = try await Exporter(client: clone, logger: ExportFixture.logger).run(options)
            let before = try ExportFixture.content(of: first.directory)
            let after = try ExportFixture.content(of: second.directory)
            for collection in SettingsCollection.allCases {
                #expect(before[collection] == after[collection], "\(collection) differs after the round trip")
                #expect(before[collection]?.isEmpty == false)
            }
            // The clone's ids are its own.
            let ids = try BackupIDs.read(first.directory, collection: .allowPolicies)
            #expect(try BackupIDs.read(second.directory, collection: .allowPolicies).isDisjoint(with: ids))

            // Restoring again changes nothing.
            let again = try await PlanBuilder.plan(inputs.desired, mode: .sync, client: clone)
            #expect(again.allSatisfy { $0.action == .unchanged })
        }
    }

    @Test("All three formats of one account hold the same content")
    func formatsAgree() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            try await ExportFixture.seed(clients[0])
            var contents: [[SettingsCollection: [String]]] = []
            for format in ExportFormat.allCases {
                var options = Exporter<ContinuousClock>.Options(destination: dir.appendingPathComponent(format.rawValue).path)
                options.format = format
                let result = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(options)
                // Unlike the round trip, ids and timestamps must match too: compare whole objects.
                let manifest = result.manifest
                var whole: [SettingsCollection: [String]] = [:]
                for entry in manifest.collections {
                    let reader = try ExportReaders.make(path: result.directory + "/" + entry.file,
                                                        collection: entry.collection, format: format)
                    var rows: [String] = []
                    while let (_, object) = try reader.next() { rows.append(ExportFixture.canonical(object)) }
                    whole[entry.collection] = rows
                }
                contents.append(whole)
            }
            #expect(contents[0] == contents[1])
            #expect(contents[0] == contents[2])
        }
    }

    @Test("Σ ceil(n/1000) list requests plus one per empty collection", arguments: [0, 1000, 2345])
    func listRequests(extra: Int) async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            let c = clients[0]
            var posts: [AllowPolicy] = []
            for i in 0..<extra {
                posts.append(AllowPolicy(pattern: "p\(i)@example.com", patternType: .email, isAcceptableSender: true))
                if posts.count == 1000 || i == extra - 1 {
                    _ = try await c.batch(BatchRequest<AllowPolicy>(posts: posts))
                    posts.removeAll()
                }
            }
            let before = c.statistics.requests
            let result = try await Exporter(client: c, logger: ExportFixture.logger)
                .run(.init(destination: dir.appendingPathComponent("out").path))
            let expected = (extra + 999) / 1000 + (extra == 0 ? 1 : 0) + 4   // four empty collections: one each
            #expect(result.listRequests == expected)
            #expect(c.statistics.requests - before == expected)
            #expect(result.manifest.collections.first?.count == extra)
        }
    }
}

/// The sample backup shipped in `samples/backup-domains` (the demo restores it) stays restorable.
@Suite("The sample backup restores")
struct SampleBackupTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/backup-domains").path

    @Test("samples/backup-domains verifies, restores into an empty account, and exports back to the same content")
    func restoreSample() async throws {
        #expect(BackupVerifier.verify(Self.sample).isSound)
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await ExportFixture.withAccounts(["clone"], directory: dir) { clients in
            var run = MigrationRun<ContinuousClock>(source: .backup(Self.sample, collections: nil), mode: .create,
                                                    logger: ExportFixture.logger)
            run.journalDirectory = dir.path
            let outcome = try await run.run(client: clients[0])
            #expect(outcome.report?.remaining == 0 && outcome.report?.failedTotal == 0)
            var options = Exporter<ContinuousClock>.Options(destination: dir.appendingPathComponent("back").path)
            options.collections = [.domains]
            let back = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(options)
            // Compared with the sample's own file, read by the test's reader (ids and timestamps aside).
            let expected = try ExportFixture.content(of: Self.sample)[.domains]
            #expect(expected?.count == 3)
            #expect(try ExportFixture.content(of: back.directory)[.domains] == expected)
        }
    }
}

import AsyncHTTPClient
import ESAPI
import ESEmulator
import ESMigration
import ESReaders
import ESRecords
import ESTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// The library examples of the DocC articles, compiled and run here against the emulator. Each region between
/// `// example: NAME` and `// end example` is the text of a ```swift block tagged `<!-- example: NAME -->` in
/// an article; ``DocCatalogTests`` checks that the two stay the same, so an article cannot show code that does
/// not build or run.
@Suite("Library examples of the documentation", .serialized)
struct LibraryExampleTests {
    static let logger = Logger(label: "esmigrate.tests")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ESReadersTests/Fixtures")

    @Test("Reading a legacy file: the Area 1 fixture's 17 records, the 7 rejected rows printed")
    func readLegacyFile() throws {
        let path = Self.fixtures.appendingPathComponent("area1-allowed-patterns.csv").path
        let logger = Self.logger
        // example: read-legacy-file
        let reader = try LegacyFileReader(path: path, options: ReadOptions(dialect: .auto), logger: logger)
        var records: [NormalizedRecord] = []
        while let item = try reader.next() {
            switch item.outcome.status {
            case .ok: records += item.outcome.records
            case .rejected: print("\(path):\(item.outcome.line): \(item.outcome.reason!)")
            default: break      // duplicates and skipped rows (blank lines, comments)
            }
        }
        // end example
        #expect(records.count == 17)    // the fixture's expected file has 17 ok rows
    }

    @Test("A client from the environment, listing blocked senders of the emulator")
    func makeClient() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let logger = Self.logger
        let seen = Mutex<[String]>([])
        let configuration = EmulatorConfiguration(databasePath: ":memory:",
                                                  credentials: [EmulatorCredential(.token("made-up-example-token"))])
        try await Emulator.withRunning(configuration, logger: logger) { baseURL in
            let environment = ["CLOUDFLARE_API_TOKEN": "made-up-example-token", "CLOUDFLARE_ACCOUNT_ID": "acc1",
                               "CLOUDFLARE_BASE_URL": baseURL]
            @Sendable func print(_ pattern: String) { seen.withLock { $0.append(pattern) } }
            // example: make-client
            let configuration = try APIConfiguration.resolve(environment: environment)
            try await HTTPClient.withHTTPClient(configuration: AsyncHTTPClientTransport.clientConfiguration()) { http in
                let client = EmailSecurityClient(configuration: configuration,
                                                 transport: AsyncHTTPClientTransport(client: http),
                                                 clock: ContinuousClock(), logger: logger)
                _ = try await client.create(BlockedSender(pattern: "spam@bad.example", patternType: .email))
                for try await sender in client.list(BlockedSender.self) { print(sender.pattern) }
            }
            // end example
        }
        #expect(seen.withLock { $0 } == ["spam@bad.example"])
    }

    @Test("Running the emulator in-process for the duration of a closure")
    func runEmulator() async throws {
        let logger = Self.logger
        let served = Mutex<String?>(nil)
        @Sendable func print(_ text: String) { served.withLock { $0 = text } }
        // example: run-emulator
        let configuration = EmulatorConfiguration(databasePath: ":memory:",
                                                  credentials: [EmulatorCredential(.token("test-token"))])
        try await Emulator.withRunning(configuration, logger: logger) { baseURL in
            print("serving \(baseURL)")     // http://127.0.0.1:<free port>/client/v4
            // … point a client at baseURL with the token "test-token"; the server stops when this returns.
        }
        // end example
        #expect(served.withLock { $0 }?.hasPrefix("serving http://127.0.0.1:") == true)
    }

    @Test("A resumable import from code: planned, approved, applied, journaled")
    func resumableImport() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("blocklist.csv").path
        try "Blocked_Sender, Notes\nspam@bad.example, first\nbad.example, second\n"
            .write(toFile: input, atomically: true, encoding: .utf8)
        let journals = dir.path
        let logger = Self.logger
        let progress = Mutex<[String]>([])
        @Sendable func print(_ items: Any...) { progress.withLock { $0.append(items.map { "\($0)" }.joined(separator: " ")) } }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path,
                                             logger: logger) { client in
            // example: resumable-import
            var run = MigrationRun<ContinuousClock>(source: .files([input], ReadOptions()), mode: .upsert,
                                                    logger: logger)
            run.journalDirectory = journals                          // default: ./.esmigrate
            run.concurrency = 8                                      // requests in flight, batches included
            run.approve = { preview in .standard(preview.summary, dryRun: false) { _ in false } }  // hold a plan that deletes
            run.onProgress = { p in print("\(p.done)/\(p.total)") }
            // run.stop.request() from a signal handler stops dispatching; in-flight requests finish and are journaled.
            let outcome = try await run.run(client: client)
            print(outcome.journalPath, outcome.report?.remaining ?? 0, outcome.report?.failedTotal ?? 0)
            // end example
            #expect(outcome.report?.remaining == 0 && outcome.report?.failedTotal == 0)
            let live = try await LiveState.fetch(.blockSenders, client: client)
            #expect(live.count == 2)
        }
        // Every progress event counts against the two records of the input (an independent count).
        let events = progress.withLock { $0 }.filter { !$0.contains(" ") }
        #expect(!events.isEmpty && events.allSatisfy { $0.hasSuffix("/2") }, "\(events)")
        #expect(events.last == "2/2")
    }

    @Test("Backups from code: a timestamped CSV export, verified and read back")
    func backups() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let backups = dir.appendingPathComponent("backups").path
        let logger = Self.logger
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path,
                                             logger: logger) { client in
            _ = try await client.create(TrustedDomain(pattern: "supplier.example", isRecent: true))
            // example: backup
            var options = Exporter<ContinuousClock>.Options(destination: backups)
            options.format = .csv
            options.timestamped = true                               // backups/esmigrate-<UTC time>/
            options.keep = 14                                        // older ones are removed
            let result = try await Exporter(client: client, logger: logger).run(options)
            let check = BackupVerifier.verify(result.directory)      // check.problems lists what is wrong
            let inputs = try BackupSource.read(result.directory, logger: logger)   // the records, to plan a restore
            // end example
            #expect(check.isSound)
            #expect(inputs.desired.count == 1)
        }
    }
}

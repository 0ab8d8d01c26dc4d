import ESAPI
import ESEmulator
import ESMigration
import ESReaders
import ESRecords
import ESTestSupport
import Foundation
import Logging
import Testing

/// Planning and importing against the emulator over real HTTP, with a real SQLite journal.
@Suite("Plan and import against the emulator")
struct ImportTests {
    static let logger = Logger(label: "esmigrate.tests")

    static func temp() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func desired(_ n: Int, offset: Int = 0) -> [Planner.Desired] {
        (0..<n).map { i -> Planner.Desired in
            let k = i + offset
            switch k % 3 {
            case 0: return .init(record: .allowPolicy(AllowPolicy(pattern: "a\(k)@example.com", patternType: .email,
                                                                  isAcceptableSender: true, verifySender: true)))
            case 1: return .init(record: .blockSender(BlockedSender(pattern: "b\(k).example", patternType: .domain)))
            default: return .init(record: .impersonation(ImpersonationEntry(name: "P\(k)", email: "p\(k)@example.com")))
            }
        }
    }

    /// Runs a plan through a fresh journal and returns the report.
    static func importAll(_ desired: [Planner.Desired], mode: ImportMode = .create, batch: BatchPolicy = .auto,
                          client: EmailSecurityClient<ContinuousClock>, journalPath: String) async throws -> ImportReport {
        let journal = try Journal(path: journalPath)
        if try await !journal.hasRun() {
            let plan = try await PlanBuilder.plan(desired, mode: mode, client: client)
            try await journal.begin(key: "test", account: "sandbox", baseURL: "local", mode: mode, inputs: [],
                                    decisions: plan)
        }
        return try await Importer(client: client, journal: journal, batch: batch, concurrency: 4, logger: logger).run()
    }

    /// Every live record of the four list collections, keyed by natural key (duplicates counted).
    static func liveKeys(_ client: EmailSecurityClient<ContinuousClock>) async throws -> [String: Int] {
        var keys: [String: Int] = [:]
        for c in [SettingsCollection.allowPolicies, .blockSenders, .trustedDomains, .impersonationRegistry] {
            for r in try await LiveState.fetch(c, client: client) { keys[r.naturalKey, default: 0] += 1 }
        }
        return keys
    }

    @Test("The plan says create, unchanged, update, conflict and delete as the mode asks")
    func planDecisions() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: Self.logger) { c in
            _ = try await c.create(AllowPolicy(pattern: "same@example.com", patternType: .email, isAcceptableSender: true,
                                               verifySender: true))
            _ = try await c.create(AllowPolicy(pattern: "diff@example.com", patternType: .email, isTrustedSender: true))
            _ = try await c.create(AllowPolicy(pattern: "gone@example.com", patternType: .email, isAcceptableSender: true))
            let desired: [Planner.Desired] = [
                .init(record: .allowPolicy(AllowPolicy(pattern: "same@example.com", patternType: .email,
                                                       isAcceptableSender: true, verifySender: true))),
                .init(record: .allowPolicy(AllowPolicy(pattern: "diff@example.com", patternType: .email,
                                                       isAcceptableSender: true))),
                .init(record: .allowPolicy(AllowPolicy(pattern: "new@example.com", patternType: .email,
                                                       isAcceptableSender: true))),
            ]
            let create = try await PlanBuilder.plan(desired, mode: .create, client: c).map(\.action)
            #expect(create == [.unchanged, .conflict, .create])
            let upsert = try await PlanBuilder.plan(desired, mode: .upsert, client: c).map(\.action)
            #expect(upsert == [.unchanged, .update, .create])
            let sync = try await PlanBuilder.plan(desired, mode: .sync, client: c)
            #expect(sync.map(\.action) == [.unchanged, .update, .create, .delete])
            #expect(sync.last?.live.map { "\($0)" }?.contains("gone@example.com") == true)
            #expect(sync[1].reason?.contains("is_trusted_sender") == true)
        }
    }

    @Test("The same key in two inputs is planned once: the first wins, the second is a reported duplicate")
    func crossFileDuplicates() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: Self.logger) { c in
            let a = AllowPolicy(pattern: "alerts@example.com", patternType: .email, isAcceptableSender: true,
                                verifySender: true, comments: "from the CSV")
            var b = a
            b.comments = "from the dump"
            let plan = try await PlanBuilder.plan([.init(record: .allowPolicy(a), source: "a.csv:21"),
                                                   .init(record: .allowPolicy(b), source: "b.jsonl:4")],
                                                  mode: .upsert, client: c)
            #expect(plan.map(\.action) == [.create, .duplicate])
            #expect(plan[1].reason?.contains("a.csv:21") == true && plan[1].reason?.contains("comments") == true)
        }
    }

    @Test("Import, then run again: the second run sends no write and the plan is all unchanged", arguments: [
        BatchPolicy.auto, .off,
    ])
    func idempotent(batch: BatchPolicy) async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: Self.logger) { c in
            let desired = Self.desired(60)
            let first = try await Self.importAll(desired, batch: batch, client: c,
                                                 journalPath: dir.appendingPathComponent("j1.sqlite").path)
            #expect(first.failures.isEmpty && first.remaining == 0)
            if batch == .auto {
                // allow + block in one batch each, the registry (no batch endpoint) one by one.
                #expect(first.writeRequests == 2 + 20)
            } else {
                #expect(first.writeRequests == 60)
            }
            let second = try await Self.importAll(desired, batch: batch, client: c,
                                                  journalPath: dir.appendingPathComponent("j2.sqlite").path)
            #expect(second.writeRequests == 0)
            let plan = try await PlanBuilder.plan(desired, mode: .upsert, client: c)
            #expect(plan.allSatisfy { $0.action == .unchanged })
            let keys = try await Self.liveKeys(c)
            #expect(keys.count == 60 && keys.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("Faults (5xx, resets, commit-then-drop, 429s): the import completes with no duplicate and no loss",
          arguments: [BatchPolicy.auto, .off])
    func faults(batch: BatchPolicy) async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, adjust: { config in
            config.faults = try! FaultPlan(parsing: "5xx=10,reset=5,drop=5,429=3")
            config.seed = batch == .auto ? 21 : 22
        }, logger: Self.logger) { c in
            let desired = Self.desired(90)
            let report = try await Self.importAll(desired, batch: batch, client: c,
                                                  journalPath: dir.appendingPathComponent("j.sqlite").path)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.remaining == 0)
            let keys = try await Self.liveKeys(c)
            #expect(keys.count == 90, "missing: \(90 - keys.count)")
            #expect(keys.values.allSatisfy { $0 == 1 }, "duplicates: \(keys.filter { $0.value > 1 })")
            let s = c.statistics
            #expect(s.outcomeUnknown > 0 && s.retries + s.rateLimited > 0, "faults were injected: \(s)")
        }
    }

    @Test("An import cut off mid-way resumes from its journal to exactly the plan")
    func resume() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("e.sqlite").path
        let journalPath = dir.appendingPathComponent("j.sqlite").path
        let desired = Self.desired(45)
        // First run: every answer is dropped after the write is applied, and reconciling cannot list either:
        // the run dies with work in `sent`/`unknown` — as after a crash.
        await #expect(throws: (any Error).self) {
            try await EmulatorFixture.withClient(databasePath: db, adjust: { config in
                config.faults = try! FaultPlan(parsing: "drop=100")
            }, logger: Self.logger) { c in
                let journal = try Journal(path: journalPath)
                try await journal.begin(key: "k", account: "sandbox", baseURL: "local", mode: .create, inputs: [],
                                        decisions: desired.map { PlanDecision(.create($0.record)) })
                _ = try await Importer(client: c, journal: journal, batch: .off, concurrency: 3, logger: Self.logger).run()
            }
        }
        let stuck = try await Journal(path: journalPath).counts()
        #expect((stuck[.sent] ?? 0) + (stuck[.unknown] ?? 0) > 0)
        // Second run, healthy server, same journal and database.
        try await EmulatorFixture.withClient(databasePath: db, logger: Self.logger) { c in
            let report = try await Importer(client: c, journal: try Journal(path: journalPath), batch: .off,
                                            logger: Self.logger).run()
            #expect(report.remaining == 0 && report.failures.isEmpty)
            #expect(report.reconciled > 0)
            let keys = try await Self.liveKeys(c)
            #expect(keys.count == 45 && keys.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("With batches, a 20,000-record import takes at most 25 write requests")
    func batchBudget() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: Self.logger) { c in
            let desired = (0..<20_000).map { i -> Planner.Desired in
                i % 2 == 0
                    ? .init(record: .blockSender(BlockedSender(pattern: "s\(i)@example.com", patternType: .email)))
                    : .init(record: .trustedDomain(TrustedDomain(pattern: "t\(i).example", isRecent: true)))
            }
            let report = try await Self.importAll(desired, client: c, journalPath: dir.appendingPathComponent("j.sqlite").path)
            #expect(report.remaining == 0 && report.failures.isEmpty)
            #expect(report.writeRequests <= 25, "\(report.writeRequests) write requests")
            #expect(report.writeRequests == 20)
        }
    }

    @Test("A rejected record fails alone; the rest of its batch is applied")
    func partialFailure() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: Self.logger) { c in
            var desired = Self.desired(6)
            // The emulator refuses a private IP (the normalizer would have rejected it; a hand-made plan might not).
            desired.append(.init(record: .blockSender(BlockedSender(pattern: "10.0.0.1", patternType: .ip))))
            let report = try await Self.importAll(desired, client: c, journalPath: dir.appendingPathComponent("j.sqlite").path)
            #expect(report.failures.count == 1)
            #expect(report.failures.first?.error?.contains("ip_private") == true)
            #expect(try await Self.liveKeys(c).count == 6)
        }
    }
}

import AsyncHTTPClient
import ESAPI
import ESEmulator
@testable import ESMigration
import ESReaders
import ESRecords
import ESTestSupport
import Foundation
import Logging
import NIOCore
import Synchronization
import Testing

/// Batches in flight together: exactly once under faults, keys never raced, and the run as a library type.
@Suite("Pipelined import")
struct PipelinedImportTests {
    static let logger = Logger(label: "esmigrate.tests")

    @Test("Batches of three collections, 8 in flight, under 5xx, resets, commit-then-drop and 429: 0 duplicates, 0 missing")
    func faultsWhilePipelined() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed: UInt64 = 4_242
        let desired = (0..<1_800).map { i -> Planner.Desired in
            switch i % 3 {
            case 0: .init(record: .allowPolicy(AllowPolicy(pattern: "p\(i)@example.com", patternType: .email,
                                                           isAcceptableSender: true, verifySender: true)))
            case 1: .init(record: .blockSender(BlockedSender(pattern: "s\(i).example", patternType: .domain)))
            default: .init(record: .trustedDomain(TrustedDomain(pattern: "t\(i).example", isRecent: true)))
            }
        }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, adjust: { config in
            config.faults = try! FaultPlan(parsing: "5xx=6,reset=4,drop=6,429=3")
            // Long enough that batches sent together are in the server together.
            config.faults.latency = .milliseconds(15)
            config.seed = seed
        }, logger: Self.logger) { c in
            let journalPath = dir.appendingPathComponent("j.sqlite").path
            let journal = try Journal(path: journalPath)
            try await journal.begin(key: "k", account: "sandbox", baseURL: "local", mode: .create, inputs: [],
                                    decisions: desired.map { PlanDecision(.create($0.record)) })
            var report = ImportReport()
            // A run gives up on a request after its retries; the next run reconciles and goes on, as a user would.
            for _ in 0..<8 {
                report = try await Importer(client: c, journal: journal, batchSize: 20, concurrency: 8,
                                            logger: Self.logger).run()
                if report.remaining == 0 { break }
            }
            #expect(report.remaining == 0 && report.failedTotal == 0, "seed \(seed): \(report.counts)")
            let stats = try await EmulatorFixture.stats(c).counters
            #expect((stats["peak_batches_in_flight"] ?? 0) >= 2, "seed \(seed): batches went out one at a time: \(stats)")
            #expect(c.statistics.outcomeUnknown > 0 && c.statistics.retries > 0, "seed \(seed): faults were injected")
            // The server's own list: every key exactly once.
            let keys = try await ImportTests.liveKeys(c)
            #expect(keys.count == desired.count, "seed \(seed): missing \(desired.count - keys.count)")
            #expect(keys.values.allSatisfy { $0 == 1 }, "seed \(seed): duplicates \(keys.filter { $0.value > 1 }.prefix(5))")
        }
    }

    /// A plan that deletes a record and creates one with the same key (a hand-made or restored plan may).
    static func deleteAndRecreate(_ c: EmailSecurityClient<ContinuousClock>, count: Int) async throws -> [PlanDecision] {
        var decisions: [PlanDecision] = []
        for i in 0..<count {
            let live = try await c.create(BlockedSender(pattern: "k\(i)@example.com", patternType: .email, comments: "old"))
            decisions.append(PlanDecision(.delete(live: .blockSender(live))))
            decisions.append(PlanDecision(.create(.blockSender(BlockedSender(pattern: "k\(i)@example.com",
                                                                              patternType: .email, comments: "new")))))
        }
        return decisions
    }

    @Test("The feed never hands out a unit holding a key twice, or a key that is in flight")
    func feedHoldsBackKeysInFlight() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = NormalizedRecord.blockSender(BlockedSender(id: "id-1", pattern: "k@example.com", patternType: .email))
        let new = NormalizedRecord.blockSender(BlockedSender(pattern: "k@example.com", patternType: .email, comments: "new"))
        let other = NormalizedRecord.blockSender(BlockedSender(pattern: "z@example.com", patternType: .email))
        let journal = try Journal(path: dir.appendingPathComponent("j.sqlite").path)
        try await journal.begin(key: "k", account: "a", baseURL: "b", mode: .sync, inputs: [], decisions: [
            PlanDecision(.delete(live: old)),
            PlanDecision(.create(new)),
            PlanDecision(.create(other)),
        ])
        var feed = PendingFeed(journal: journal, collections: [.blockSenders], pageSize: 2)
        #expect(try await feed.currentCollection() == .blockSenders)
        let first = try await feed.take(upTo: 10, excluding: [])
        #expect(first.map(\.action) == [.delete], "a unit held the delete and the create of one key")
        #expect(try await feed.take(upTo: 10, excluding: [old.naturalKey]).isEmpty, "the create went out beside its delete")
        let rest = try await feed.take(upTo: 10, excluding: [])
        #expect(rest.map(\.naturalKey) == [new.naturalKey, other.naturalKey])
        #expect(try await feed.currentCollection() == nil)
    }

    @Test("Reconciliation never credits a create with the old record that a delete of the same key targets")
    func reconcileSkipsDeleteTargets() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("e.sqlite").path
        let journalPath = dir.appendingPathComponent("j.sqlite").path
        let decisions = try await EmulatorFixture.withClient(databasePath: db, logger: Self.logger) { c in
            try await Self.deleteAndRecreate(c, count: 20)
        }
        // First run: every connection is reset before the server does anything, so every write ends unknown
        // and the run dies when reconciliation cannot list either.
        await #expect(throws: (any Error).self) {
            try await EmulatorFixture.withClient(databasePath: db, adjust: { config in
                config.faults = try! FaultPlan(parsing: "reset=100")
            }, logger: Self.logger) { c in
                let journal = try Journal(path: journalPath)
                try await journal.begin(key: "k", account: "sandbox", baseURL: "local", mode: .sync, inputs: [],
                                        decisions: decisions)
                _ = try await Importer(client: c, journal: journal, batch: .off, concurrency: 8, logger: Self.logger).run()
            }
        }
        let stuck = try await Journal(path: journalPath).counts()
        let failed = try await Journal(path: journalPath).page([.failed], after: 0, limit: 2).map(\.error)
        #expect((stuck[.unknown] ?? 0) + (stuck[.sent] ?? 0) == 40, "\(stuck) \(failed)")
        // Second run, healthy: the old records are still there. A create must not take one of them as its own.
        try await EmulatorFixture.withClient(databasePath: db, logger: Self.logger) { c in
            let report = try await Importer(client: c, journal: try Journal(path: journalPath), batch: .off,
                                            concurrency: 8, logger: Self.logger).run()
            #expect(report.remaining == 0 && report.failedTotal == 0)
            let live = try await LiveState.fetch(.blockSenders, client: c)
            #expect(live.count == 20, "creates were credited with records their deletes removed")
            #expect(live.allSatisfy { if case .blockSender(let b) = $0 { b.comments == "new" } else { false } })
        }
    }

    @Test("A sync import whose deletes and creates touch the same collections ends at exactly the input")
    func syncEndsAtInput() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: Self.logger) { c in
            // Live: 300 senders; input: 150 of them (50 with new comments) and 150 new ones.
            for i in 0..<300 { _ = try await c.create(BlockedSender(pattern: "s\(i)@example.com", patternType: .email)) }
            var text = "Blocked_Sender, Notes\n"
            for i in 150..<450 { text += "s\(i)@example.com, \(i < 200 ? "changed" : "")\n" }
            let input = dir.appendingPathComponent("in.csv").path
            try text.write(toFile: input, atomically: true, encoding: .utf8)
            var run = MigrationRun<ContinuousClock>(source: .files([input], ReadOptions()), mode: .sync, logger: Self.logger)
            run.journalDirectory = dir.path
            run.batchSize = 7
            run.concurrency = 8
            let outcome = try await run.run(client: c)
            #expect(outcome.plan?.count(.delete) == 150 && outcome.plan?.count(.create) == 150
                        && outcome.plan?.count(.update) == 50)
            #expect(outcome.report?.remaining == 0 && outcome.report?.failedTotal == 0)
            let live = try await LiveState.fetch(.blockSenders, client: c).compactMap { r -> String? in
                if case .blockSender(let b) = r { "\(b.pattern)|\(b.comments ?? "")" } else { nil }
            }
            let expected = (150..<450).map { "s\($0)@example.com|\($0 < 200 ? "changed" : "")" }
            #expect(live.sorted() == expected.sorted())
        }
    }

    @Test("MigrationRun from code: stopped after its 3rd progress event, then resumed to exactly the plan")
    func libraryResume() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "Blocked_Sender, Notes\n"
        for i in 0..<2_000 { text += "r\(i)@example.com, row \(i)\n" }
        let input = dir.appendingPathComponent("in.csv").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: Self.logger) { c in
            let stop = StopSignal()
            let events = Counter()
            var run = MigrationRun<ContinuousClock>(source: .files([input], ReadOptions()), mode: .create, logger: Self.logger)
            run.journalDirectory = dir.path
            run.batchSize = 100
            run.concurrency = 2
            run.stop = stop
            run.onProgress = { _ in if events.increment() == 3 { stop.request() } }
            let first = try await run.run(client: c)
            #expect(first.stopCode == 130)
            #expect((first.report?.remaining ?? 0) > 0, "the stop came after the last batch")
            var again = run
            again.stop = StopSignal()
            again.onProgress = nil
            let second = try await again.run(client: c)
            #expect(second.resumed && second.journalPath == first.journalPath)
            #expect(second.report?.remaining == 0 && second.report?.failedTotal == 0)
            let live = try await LiveState.fetch(.blockSenders, client: c)
            #expect(live.count == 2_000 && Set(live.map(\.naturalKey)).count == 2_000)
        }
    }

    @Test("The journal key comes from the resolved configuration: …/v4/ and …/v4 share a journal")
    func journalKeyTrailingSlash() throws {
        let run = MigrationRun<ContinuousClock>(source: .files(["/nonexistent/in.csv"], ReadOptions()), mode: .create,
                                                logger: Self.logger)
        let env = ["CLOUDFLARE_API_TOKEN": "made-up-token-for-tests", "CLOUDFLARE_ACCOUNT_ID": "acct1"]
        let a = try APIConfiguration.resolve(environment: env, baseURL: "https://api.example.com/client/v4/")
        let b = try APIConfiguration.resolve(environment: env, baseURL: "https://api.example.com/client/v4")
        let other = try APIConfiguration.resolve(environment: env, baseURL: "https://api.example.net/client/v4")
        #expect(try run.journalKey(for: a) == run.journalKey(for: b))
        #expect(try run.journalKey(for: a) != run.journalKey(for: other))
    }

    /// Counts events from a `@Sendable` callback.
    final class Counter: Sendable {
        private let value = Mutex(0)
        func increment() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}

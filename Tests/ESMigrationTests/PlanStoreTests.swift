import ESAPI
import ESEmulator
import ESMigration
import ESRecords
import ESTestSupport
import Foundation
import Logging
import Testing

/// The SQL planner against the in-memory reference planner: same decisions, same order, same reasons.
@Suite("Planning in SQLite")
struct PlanStoreTests {

    /// A record of one of the five collections from a small key space, so inputs and live state overlap:
    /// repeated keys across "files", same and other content, several live records per key.
    static func record(_ rng: inout SplitMix64, keys: Int) -> NormalizedRecord {
        let k = Int.random(in: 0..<keys, using: &rng)
        let note = ["", "partner", "vendor"].randomElement(using: &rng)!
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            return .allowPolicy(AllowPolicy(pattern: "a\(k)@example.com", patternType: .email,
                                            isAcceptableSender: Bool.random(using: &rng), verifySender: true,
                                            comments: note.isEmpty ? nil : note))
        case 1:
            return .blockSender(BlockedSender(pattern: "b\(k).example", patternType: .domain,
                                              comments: note.isEmpty ? nil : note))
        case 2:
            return .trustedDomain(TrustedDomain(pattern: "t\(k).example", isRecent: Bool.random(using: &rng),
                                                isSimilarity: false, comments: note.isEmpty ? nil : note))
        case 3:
            return .impersonation(ImpersonationEntry(name: "P\(k)", email: "p\(k)@example.com",
                                                     comments: note.isEmpty ? nil : note))
        default:
            return .domain(ProtectedDomain(domain: "d\(k).example", allowedDeliveryModes: [.direct],
                                           lookbackHops: Int.random(in: 1...3, using: &rng)))
        }
    }

    /// A live copy of `record` with a server id (and, for some registry entries, directory provenance).
    static func live(_ record: NormalizedRecord, id: Int, _ rng: inout SplitMix64) -> NormalizedRecord {
        let rid = RecordID(String(format: "%08x-0000-4000-8000-000000000000", id))
        switch record {
        case .allowPolicy(var p): p.id = rid; return .allowPolicy(p)
        case .blockSender(var b): b.id = rid; return .blockSender(b)
        case .trustedDomain(var t): t.id = rid; return .trustedDomain(t)
        case .impersonation(var e):
            e.id = rid
            if Int.random(in: 0..<4, using: &rng) == 0 { e.provenance = "DIRECTORY_SYNC"; e.directoryID = 7 }
            return .impersonation(e)
        case .domain(var d): d.id = rid; return .domain(d)
        }
    }

    @Test("Same decisions in the same order as the in-memory planner, on 12,000 seeded records", arguments: ImportMode.allCases)
    func matchesReference(mode: ImportMode) throws {
        let seed = UInt64(20_261_128) &+ UInt64(ImportMode.allCases.firstIndex(of: mode)!)
        var rng = SplitMix64(seed: seed)
        let desired = (0..<9_000).map { i in
            Planner.Desired(record: Self.record(&rng, keys: 1_500), source: "input-\(i / 3_000).csv:\(i + 2)")
        }
        let live = (0..<3_000).map { i in Self.live(Self.record(&rng, keys: 1_500), id: i, &rng) }
        let expected = Planner.plan(desired: desired, live: live, mode: mode)

        let store = try PlanStore.scratch()
        defer { store.remove() }
        try store.stage(desired)
        try store.stageLive(live)
        try store.decide(mode: mode)
        var got: [PlanDecision] = []
        try store.forEachDecision(mode: mode) { got.append($0) }

        #expect(got.count == expected.count, "seed \(seed)")
        let actions = Set(expected.map(\.action))
        // The data exercises every kind of decision the mode can make.
        #expect(actions.isSuperset(of: mode == .sync ? [.create, .update, .unchanged, .conflict, .duplicate, .delete]
                                                     : mode == .upsert ? [.create, .update, .unchanged, .conflict, .duplicate]
                                                     : [.create, .unchanged, .conflict, .duplicate]), "seed \(seed)")
        if let i = got.indices.first(where: { $0 < expected.count && got[$0] != expected[$0] }) {
            Issue.record("seed \(seed): decision \(i) differs:\n  sql:    \(got[i])\n  memory: \(expected[i])")
        }
        #expect(try store.summary() == PlanSummary(expected), "seed \(seed)")
    }

    @Test("Against the emulator, the streamed plan equals the in-memory plan of the same inputs and live state")
    func againstEmulator() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-planstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let logger = Logger(label: "esmigrate.tests")
        let seed: UInt64 = 7_311
        var rng = SplitMix64(seed: seed)
        let desired = (0..<2_500).map { i in Planner.Desired(record: Self.record(&rng, keys: 600), source: "in.csv:\(i)") }
        let seeded = (0..<900).map { _ in Self.record(&rng, keys: 600) }
        try await EmulatorFixture.withClient(databasePath: dir.appendingPathComponent("e.sqlite").path, logger: logger) { c in
            // Live state made through the API, duplicates of a key included (the API has no uniqueness rule).
            let journal = try Journal(path: dir.appendingPathComponent("seed.sqlite").path)
            try await journal.begin(key: "seed", account: "sandbox", baseURL: "local", mode: .create, inputs: [],
                                    decisions: seeded.map { PlanDecision(.create($0)) })
            let seededReport = try await Importer(client: c, journal: journal, logger: logger).run()
            #expect(seededReport.remaining == 0 && seededReport.failedTotal == 0, "seed \(seed)")
            for mode in ImportMode.allCases {
                let expected = try await PlanBuilder.plan(desired, mode: mode, client: c)
                let store = try PlanStore.scratch(in: dir.path)
                defer { store.remove() }
                try store.stage(desired)
                try await store.fetchLive(client: c)
                try store.decide(mode: mode)
                var got: [PlanDecision] = []
                try store.forEachDecision(mode: mode) { got.append($0) }
                #expect(got == expected, "seed \(seed), mode \(mode)")
            }
        }
    }
}

/// What a journal keeps of each planned write, read back as the enum the importer switches on.
@Suite("Journaled writes")
struct JournaledWriteTests {
    @Test("Updates and deletes keep their target and the live record before the run; creates keep their record")
    func before() async throws {
        let dir = try ImportTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try PlanStore(path: dir.appendingPathComponent("plan.sqlite").path)
        defer { store.remove() }
        let changed = BlockedSender(id: "live-1", pattern: "a@example.com", patternType: .email, comments: "old")
        let gone = BlockedSender(id: "live-2", pattern: "b@example.com", patternType: .email, comments: "gone")
        try store.stageLive([.blockSender(changed), .blockSender(gone)])
        let updated = BlockedSender(pattern: "a@example.com", patternType: .email, comments: "new")
        let created = BlockedSender(pattern: "c@example.com", patternType: .email)
        try store.stage([DesiredRecord(record: .blockSender(updated)), DesiredRecord(record: .blockSender(created))])
        try store.decide(mode: .sync)
        let journal = try Journal(path: dir.appendingPathComponent("j.sqlite").path)
        try await journal.begin(key: "k", account: "a", baseURL: "b", mode: .sync, inputs: [], plan: store)
        let items = try await journal.items(in: [.pending])
        #expect(items.count == 3)
        for item in items {
            switch item.write {
            case .create(let record): #expect(record == .blockSender(created))
            case .update(let target, let record, let before):
                #expect(target == "live-1" && record == .blockSender(updated) && before == .blockSender(changed))
            case .delete(let target, let before):
                #expect(target == "live-2" && before == .blockSender(gone))
            }
        }
        #expect(Set(items.map(\.action)) == [.create, .update, .delete])
    }
}

import ESAPI
import ESMigration
import ESRecords
import ESTestSupport
import Foundation
import Testing

/// Protected domains through the import engine: non-atomic batches, the bulk DELETE route.
@Suite("Domains through the import engine")
struct DomainImportTests {
    static func domains(_ names: [String]) -> [Planner.Desired] {
        names.map { .init(record: .domain(ProtectedDomain(domain: $0, regions: [.global]))) }
    }

    static func apply(_ decisions: [PlanDecision], route: DomainDeleteRoute = .batch, batchSize: Int = 1000,
                      client: EmailSecurityClient<ContinuousClock>, journal path: String) async throws -> ImportReport {
        let journal = try Journal(path: path)
        try await journal.begin(key: "t", account: "a", baseURL: "b", mode: .sync, inputs: [], decisions: decisions)
        var importer = Importer(client: client, journal: journal, batchSize: batchSize, logger: ExportFixture.logger)
        importer.domainDeletes = route
        return try await importer.run()
    }

    @Test("A refused domain batch is settled against the live list, then retried one by one: the bad one fails alone")
    func refusedBatch() async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            let c = clients[0]
            var desired = Self.domains(["a.example", "b.example", "c.example"])
            desired.insert(.init(record: .domain(ProtectedDomain(domain: "bad.example", regions: [.init(rawValue: "MARS")]))),
                           at: 1)
            let plan = try await PlanBuilder.plan(desired, mode: .create, client: c)
            let report = try await Self.apply(plan, client: c, journal: dir.appendingPathComponent("j.sqlite").path)
            #expect(report.failures.map(\.naturalKey) == ["domains\u{1}bad.example"])
            #expect(report.counts[.domains]?[.done] == 3)
            #expect(report.reconciled == 4)
            let live = try await LiveState.fetch(.domains, client: c).map(\.naturalKey).sorted()
            #expect(live == ["domains\u{1}a.example", "domains\u{1}b.example", "domains\u{1}c.example"])
        }
    }

    @Test("Unprotect through the bulk DELETE and through batches, in chunks; a target already gone is settled",
          arguments: DomainDeleteRoute.allCases)
    func unprotect(route: DomainDeleteRoute) async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            let c = clients[0]
            let names = (0..<7).map { "d\($0).example" }
            let created = try await PlanBuilder.plan(Self.domains(names), mode: .create, client: c)
            _ = try await Self.apply(created, client: c, journal: dir.appendingPathComponent("create.sqlite").path)
            let selection = try await Cleanup.selectDomains(.names(["D1.example", "d2.example.", "d5.example", "nope.example"]),
                                                            client: c)
            #expect(selection.notFound == ["nope.example"])
            #expect(selection.matches.count == 3)
            // Someone else removes one of them between the selection and the run.
            try await c.delete(ProtectedDomain.self, id: selection.matches[1].id!)
            let report = try await Self.apply(selection.decisions, route: route, batchSize: 2, client: c,
                                              journal: dir.appendingPathComponent("delete.sqlite").path)
            #expect(report.failures.isEmpty)
            #expect(report.counts[.domains]?[.done] == 3)
            let live = try await LiveState.fetch(.domains, client: c).compactMap { r -> String? in
                if case .domain(let d) = r { return d.domain }
                return nil
            }
            #expect(Set(live) == Set(["d0.example", "d3.example", "d4.example", "d6.example"]))
        }
    }

    @Test("An upsert of a domain whose settings changed updates it: the PATCH leaves out the immutable domain name",
          arguments: [BatchPolicy.off, .on])
    func upsertChangedDomain(batch: BatchPolicy) async throws {
        let dir = try ExportFixture.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await ExportFixture.withAccounts(["one"], directory: dir) { clients in
            let c = clients[0]
            let created = try await PlanBuilder.plan(Self.domains(["up.example"]), mode: .create, client: c)
            _ = try await Self.apply(created, client: c, journal: dir.appendingPathComponent("create.sqlite").path)
            let changed = ProtectedDomain(domain: "up.example", regions: [.init(rawValue: "US")], lookbackHops: 4)
            let plan = try await PlanBuilder.plan([.init(record: .domain(changed))], mode: .upsert, client: c)
            #expect(plan.map(\.action) == [.update])
            let journal = try Journal(path: dir.appendingPathComponent("update.sqlite").path)
            try await journal.begin(key: "t", account: "a", baseURL: "b", mode: .upsert, inputs: [], decisions: plan)
            let report = try await Importer(client: c, journal: journal, batch: batch, logger: ExportFixture.logger).run()
            #expect(report.failedTotal == 0, "\(report.failures.map { $0.error ?? "" })")
            #expect(report.counts[.domains]?[.done] == 1)
            // The server's own record, read back: the new settings, the same name and id.
            let live = try await LiveState.fetch(.domains, client: c)
            guard case .domain(let d)? = live.first else { Issue.record("no domain"); return }
            #expect(live.count == 1 && d.domain == "up.example" && d.regions == [.init(rawValue: "US")] && d.lookbackHops == 4)
        }
    }
}

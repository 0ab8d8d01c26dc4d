import AsyncHTTPClient
import ESAPI
import ESEmulator
import ESRecords
import ESTestSupport
import Foundation
import Logging
import Testing

/// The client against the emulator over real HTTP on 127.0.0.1 (ephemeral port, temporary SQLite file).
@Suite("Client against the emulator (real HTTP)")
struct EmulatorClientTests {
    static let token = "emulator-test-token-0001"
    static let logger = Logger(label: "esmigrate.tests")

    /// Runs `body` with a client connected to a fresh emulator backed by a temporary SQLite file.
    static func withEmulator<T: Sendable>(
        _ adjust: @Sendable (inout EmulatorConfiguration) -> Void = { _ in },
        budget: RateBudget = RateBudget(limit: 1000, window: .seconds(1), burst: 50),
        _ body: @Sendable (EmulatorSecurityClient) async throws -> T
    ) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = EmulatorConfiguration(databasePath: dir.appendingPathComponent("emulator.sqlite").path,
                                           credentials: [EmulatorCredential(.token(token), accounts: ["acc1"])])
        adjust(&config)
        return try await Emulator.withRunning(config, logger: logger) { baseURL in
            var backoff = Backoff.default
            backoff.initial = .milliseconds(5)
            backoff.maximum = .milliseconds(50)
            let api = try APIConfiguration(baseURL: baseURL, accountID: "acc1", credentials: .apiToken(token),
                                           budget: budget, backoff: backoff, timeout: .seconds(60))
            let client = EmailSecurityClient(configuration: api,
                                             transport: AsyncHTTPClientTransport(client: HTTPClient.shared),
                                             clock: ContinuousClock(), logger: logger, jitter: .seeded(1))
            return try await body(client)
        }
    }

    @Test("Allow policies, blocked senders and trusted domains: create, get, list, edit, batch, delete")
    func patternCollections() async throws {
        try await Self.withEmulator { c in
            let allow = try await c.create(AllowPolicy(pattern: "partner@example.com", patternType: .email,
                                                       isAcceptableSender: true, verifySender: true, comments: "p"))
            let id = try #require(allow.id)
            #expect(allow.createdAt != nil && allow.lastModified != nil)
            #expect(try await c.get(AllowPolicy.self, id: id).pattern == "partner@example.com")
            let edited = try await c.edit(AllowPolicy.self, id: id, fields: ["comments": .null, "is_trusted_sender": .bool(true)])
            #expect(edited.comments == nil && edited.isTrustedSender && edited.isAcceptableSender)

            let block = try await c.create(BlockedSender(pattern: "203.0.113.0/24", patternType: .ip))
            let trusted = try await c.create(TrustedDomain(pattern: "partner.example", isRecent: true))
            #expect(try await c.get(TrustedDomain.self, id: trusted.id!).isRecent)

            let result = try await c.batch(BatchRequest<BlockedSender>(
                deletes: [block.id!],
                posts: [BlockedSender(pattern: "a@example.com", patternType: .email),
                        BlockedSender(pattern: "b.example", patternType: .domain)]))
            #expect(result.deletes == [block.id!])
            #expect(result.posts.map(\.pattern) == ["a@example.com", "b.example"])
            var listed: [String] = []
            for try await b in c.list(BlockedSender.self, filters: [("order", "pattern")]) { listed.append(b.pattern) }
            #expect(listed == ["a@example.com", "b.example"])

            #expect(try await c.delete(AllowPolicy.self, id: id) == id)
            await #expect(throws: APIError.self) { try await c.get(AllowPolicy.self, id: id) }
        }
    }

    @Test("A batch is atomic: one invalid post rolls every operation back")
    func atomicBatch() async throws {
        try await Self.withEmulator { c in
            let keep = try await c.create(BlockedSender(pattern: "keep@example.com", patternType: .email))
            do {
                _ = try await c.batch(BatchRequest<BlockedSender>(
                    deletes: [keep.id!], posts: [BlockedSender(pattern: "10.0.0.1", patternType: .ip)]))
                Issue.record("expected a validation error")
            } catch let e as APIError {
                #expect(e.status == 400)
                #expect(e.errors.first?.message.contains("ip_private") == true)
            }
            #expect(try await c.get(BlockedSender.self, id: keep.id!).pattern == "keep@example.com")
        }
    }

    @Test("Validation is the API's: UNKNOWN, private IPs, bad emails and missing fields are refused")
    func validation() async throws {
        try await Self.withEmulator { c in
            for bad in [BlockedSender(pattern: "not an email", patternType: .email),
                        BlockedSender(pattern: "::ffff:10.0.0.1", patternType: .ip),
                        BlockedSender(pattern: "[broken", patternType: .email, isRegex: true)] {
                await #expect(throws: APIError.self) { try await c.create(bad) }
            }
            // UNKNOWN never reaches the wire: the client refuses to encode it.
            await #expect(throws: (any Error).self) {
                try await c.create(BlockedSender(pattern: "x.example", patternType: .unknown))
            }
        }
    }

    @Test("Impersonation registry: CRUD, and directory-synced entries are read-only")
    func registry() async throws {
        try await Self.withEmulator { c in
            let e = try await c.create(ImpersonationEntry(name: "Jane Smith", email: "jane@example.com"))
            #expect(e.provenance == ImpersonationEntry.internalProvenance)
            #expect(try await c.edit(ImpersonationEntry.self, id: e.id!, fields: ["name": .string("Jane S.")]).name == "Jane S.")
            let synced = try await c.create(ImpersonationEntry(name: "CEO", email: "ceo@example.com",
                                                               provenance: "SNOOPY-OFFICE_365"))
            do {
                try await c.delete(ImpersonationEntry.self, id: synced.id!)
                Issue.record("expected a refusal")
            } catch let err as APIError {
                #expect(err.status == 403)
            }
            try await c.delete(ImpersonationEntry.self, id: e.id!)
        }
    }

    @Test("Domains: create, PUT, PATCH, list filters, bulk delete with an array body")
    func domains() async throws {
        try await Self.withEmulator { c in
            let d1 = try await c.create(ProtectedDomain(domain: "example.com", allowedDeliveryModes: [.direct],
                                                        dropDispositions: [.init(rawValue: "MALICIOUS")],
                                                        ipRestrictions: ["192.0.2.0/24"], regions: [.global]))
            let d2 = try await c.create(ProtectedDomain(domain: "example.org", allowedDeliveryModes: [.bcc]))
            #expect(d1.status == .active)
            var updated = d1
            updated.transport = "mx.example.com"
            updated.lookbackHops = 3
            #expect(try await c.updateDomain(updated).transport == "mx.example.com")
            #expect(try await c.edit(ProtectedDomain.self, id: d2.id!, fields: ["lookback_hops": .number("5")]).lookbackHops == 5)
            var bcc: [String] = []
            for try await d in c.list(ProtectedDomain.self, filters: [("allowed_delivery_mode", "BCC")]) { bcc.append(d.domain) }
            #expect(bcc == ["example.org"])
            var named: [String] = []
            for try await d in c.list(ProtectedDomain.self, filters: [("domain", "example.com"), ("domain", "example.org")]) {
                named.append(d.domain)
            }
            #expect(named.count == 2)
            #expect(Set(try await c.bulkDeleteDomains([d1.id!, d2.id!])) == [d1.id!, d2.id!])
            var left = 0
            for try await _ in c.list(ProtectedDomain.self) { left += 1 }
            #expect(left == 0)
        }
    }

    @Test("Pagination over several pages, with ordering and a page past the end")
    func pagination() async throws {
        try await Self.withEmulator { c in
            let posts = (0..<25).map { BlockedSender(pattern: String(format: "user%02d@example.com", $0), patternType: .email) }
            _ = try await c.batch(BatchRequest<BlockedSender>(posts: posts))
            var got: [String] = []
            for try await b in c.list(BlockedSender.self, filters: [("order", "pattern"), ("direction", "desc")], perPage: 10) {
                got.append(b.pattern)
            }
            #expect(got == posts.map(\.pattern).reversed())
            let past: Envelope<[BlockedSender]> = try await c.call("GET", "/block_senders", query: [("page", "9"), ("per_page", "10")])
            #expect(past.result?.isEmpty == true)
            #expect(past.resultInfo?.totalCount == 25)
            await #expect(throws: APIError.self) {
                let _: Envelope<[BlockedSender]> = try await c.call("GET", "/block_senders", query: [("per_page", "1001")])
            }
        }
    }

    @Test("Auth: unknown credentials are 401, another account's data is 403")
    func auth() async throws {
        try await Self.withEmulator { c in
            let other = try APIConfiguration(baseURL: c.configuration.baseURL, accountID: "acc2",
                                             credentials: .apiToken(Self.token))
            let otherClient = EmailSecurityClient(configuration: other, transport: AsyncHTTPClientTransport(client: .shared),
                                                  clock: ContinuousClock(), logger: Self.logger)
            do {
                for try await _ in otherClient.list(BlockedSender.self) {}
                Issue.record("expected 403")
            } catch let e as APIError { #expect(e.status == 403) }
            let stranger = try APIConfiguration(baseURL: c.configuration.baseURL, accountID: "acc1",
                                                credentials: .apiToken("wrong-token-0000"))
            let strangerClient = EmailSecurityClient(configuration: stranger,
                                                     transport: AsyncHTTPClientTransport(client: .shared),
                                                     clock: ContinuousClock(), logger: Self.logger)
            do {
                for try await _ in strangerClient.list(BlockedSender.self) {}
                Issue.record("expected 401")
            } catch let e as APIError { #expect(e.status == 401) }
        }
    }

    @Test("Legacy generation: integer ids, and no batch endpoint")
    func legacy() async throws {
        try await Self.withEmulator({ $0.generation = .legacy }) { c in
            let b = try await c.create(BlockedSender(pattern: "x@example.com", patternType: .email))
            #expect(Int(b.id!.rawValue) != nil)
            do {
                _ = try await c.batch(BatchRequest<BlockedSender>(posts: [BlockedSender(pattern: "y@example.com", patternType: .email)]))
                Issue.record("expected 404")
            } catch let e as APIError { #expect(e.isNotFound) }
            await #expect(throws: APIError.self) { try await c.create(ProtectedDomain(domain: "example.com")) }
        }
    }

    @Test("The client adopts the server's Ratelimit-Policy and finishes without a single 429")
    func adaptsToServerPolicy() async throws {
        // Server: 20 per second; the client would allow 200/s, but the headers slow it down.
        try await Self.withEmulator({ $0.rate = ServerRate(limit: 20, window: .seconds(1)) },
                                    budget: RateBudget(limit: 200, window: .seconds(1), burst: 1)) { c in
            let start = ContinuousClock.now
            for i in 0..<30 { _ = try await c.create(BlockedSender(pattern: "u\(i)@example.com", patternType: .email)) }
            #expect(c.statistics.rateLimited == 0)
            #expect(ContinuousClock.now - start >= .milliseconds(1200))
        }
    }

    @Test("429s pause the client; every request completes once, POSTs included")
    func rateLimited() async throws {
        try await Self.withEmulator({ config in
            config.faults = try! FaultPlan(parsing: "429=30")
            config.seed = 11
        }) { c in
            var rng = 0
            for i in 0..<10 {
                _ = try await c.create(BlockedSender(pattern: "u\(i)@example.com", patternType: .email))
                rng += 1
            }
            #expect(c.statistics.rateLimited >= 1)
            var patterns: [String] = []
            for try await b in c.list(BlockedSender.self) { patterns.append(b.pattern) }
            #expect(patterns.count == 10 && Set(patterns).count == 10)
        }
    }

    @Test("Faults: a dropped answer to a POST is 'outcome unknown' although the write was applied; GETs retry")
    func commitThenDrop() async throws {
        try await Self.withEmulator({ config in
            config.faults = try! FaultPlan(parsing: "drop=50")
            config.seed = 3
        }) { c in
            var unknown: [String] = [], created: [String] = []
            for i in 0..<12 {
                let pattern = "drop\(i)@example.com"
                do {
                    _ = try await c.create(BlockedSender(pattern: pattern, patternType: .email))
                    created.append(pattern)
                } catch let e as APIError where e.kind == .outcomeUnknown {
                    unknown.append(pattern)
                }
            }
            #expect(!unknown.isEmpty && !created.isEmpty)
            var live = Set<String>()
            for try await b in c.list(BlockedSender.self, perPage: 5) { live.insert(b.pattern) }
            // Every create happened exactly once, whether or not its answer arrived.
            #expect(live == Set(unknown + created))
        }
    }

    @Test("Faults: a reset before processing applies nothing and is 'outcome unknown' to a POST")
    func resetBeforeProcessing() async throws {
        try await Self.withEmulator({ config in
            config.faults = try! FaultPlan(parsing: "reset=100")
        }) { c in
            do {
                _ = try await c.create(BlockedSender(pattern: "x@example.com", patternType: .email))
                Issue.record("expected outcome unknown")
            } catch let e as APIError {
                #expect(e.kind == .outcomeUnknown)
            }
        }
    }
}

typealias EmulatorSecurityClient = EmailSecurityClient<ContinuousClock>

/// `GET /accounts` through the client, over real HTTP.
@Suite("Accounts the credential can see")
struct AccountsListTests {
    @Test("listAccounts pages through every visible account, 2 per page, in order, and stops at the end")
    func pages() async throws {
        let declared = (1...7).map { "acct\($0)" }
        try await EmulatorClientTests.withEmulator({ config in
            config.credentials = [EmulatorCredential(.token(EmulatorClientTests.token))]
            config.accounts = Dictionary(uniqueKeysWithValues: declared.map { ($0, "Tenant \($0)") })
        }) { client in
            let accounts = try await client.listAccounts(perPage: 2)
            #expect(accounts.map(\.id) == declared)
            #expect(accounts.first?.name == "Tenant acct1")
            let served = try await EmulatorFixture.stats(client).endpoints["GET accounts"]
            #expect(served?["200"] == 4, "7 accounts at 2 per page: 4 pages, the last one short")
        }
    }

    @Test("A token bound to accounts lists only those")
    func bound() async throws {
        try await EmulatorClientTests.withEmulator({ config in
            config.accounts = ["other": "Not yours"]
        }) { client in
            let ids = try await client.listAccounts().map(\.id)
            #expect(ids == ["acc1"])
        }
    }
}

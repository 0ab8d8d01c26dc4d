import AsyncHTTPClient
import ESAPI
import ESEmulator
import ESRecords
import ESTestSupport
import Foundation
import Testing

/// Every one of the 31 endpoints of `api-contract.md` §7.0, through the typed client, over real HTTP.
@Suite("All 31 endpoints against the emulator")
struct EndpointCoverageTests {
    /// Exercises list, create, batch, get, edit and delete for one pattern collection (6 endpoints).
    static func sixEndpoints<R: SettingsRecord>(_ c: EmulatorSecurityClient, make: @Sendable (Int) -> R,
                                                edit: [String: JSONValue], batch: Bool) async throws {
        let a = try await c.create(make(1))                                                 // POST collection
        let b = try await c.create(make(2))
        _ = try await c.get(R.self, id: a.id!)                                              // GET item
        _ = try await c.edit(R.self, id: a.id!, fields: edit)                               // PATCH item
        var n = 0
        for try await _ in c.list(R.self, perPage: 1) { n += 1 }                            // GET collection
        #expect(n == 2)
        // POST batch: only a BatchableRecord has one, so the impersonation registry's batch does not compile.
        func batchCall<B: BatchableRecord>(_ type: B.Type) async throws {
            let posts = [make(3)].compactMap { $0 as? B }
            let r = try await c.batch(BatchRequest<B>(deletes: [b.id!], posts: posts))
            #expect(r.deletes == [b.id!] && r.posts.count == 1)
        }
        if let type = R.self as? any BatchableRecord.Type { try await batchCall(type) }
        #expect(batch == (R.self is any BatchableRecord.Type))
        #expect(try await c.delete(R.self, id: a.id!) == a.id!)                             // DELETE item
    }

    /// The 31 endpoints of `api-contract.md` §7.0, written out from the contract (not from the client): five
    /// per collection, a batch endpoint for all but the impersonation registry, and the domains' PUT and bulk
    /// DELETE.
    static let contractEndpoints: Set<String> = {
        var all = Set<String>()
        for c in ["allow_policies", "block_senders", "trusted_domains", "impersonation_registry", "domains"] {
            all.formUnion(["GET \(c)", "POST \(c)", "GET \(c)/{id}", "PATCH \(c)/{id}", "DELETE \(c)/{id}"])
            if c != "impersonation_registry" { all.insert("POST \(c)/batch") }
        }
        all.formUnion(["PUT domains/{id}", "DELETE domains"])
        return all
    }()

    @Test("31 endpoints reached, each answering 2xx as the server counts them")
    func allEndpoints() async throws {
        try await EmulatorClientTests.withEmulator { c in
            try await Self.sixEndpoints(c, make: { AllowPolicy(pattern: "u\($0)@example.com", patternType: .email,
                                                               isAcceptableSender: true) },
                                        edit: ["comments": .string("x")], batch: true)
            try await Self.sixEndpoints(c, make: { BlockedSender(pattern: "b\($0).example", patternType: .domain) },
                                        edit: ["comments": .string("x")], batch: true)
            try await Self.sixEndpoints(c, make: { TrustedDomain(pattern: "t\($0).example", isRecent: true) },
                                        edit: ["is_similarity": .bool(true)], batch: true)
            try await Self.sixEndpoints(c, make: { ImpersonationEntry(name: "P\($0)", email: "p\($0)@example.com") },
                                        edit: ["name": .string("Q")], batch: false)
            try await Self.sixEndpoints(c, make: { ProtectedDomain(domain: "d\($0).example.com") },
                                        edit: ["lookback_hops": .number("3")], batch: true)
            // The two domain-only endpoints: PUT and the bulk DELETE.
            var d = try await c.create(ProtectedDomain(domain: "extra.example.com"))
            d.regions = [.init(rawValue: "US")]
            #expect(try await c.updateDomain(d).regions == [.init(rawValue: "US")])
            #expect(try await c.bulkDeleteDomains([d.id!]) == [d.id!])

            let served = try await EmulatorFixture.stats(c).endpoints
            let succeeded = Set(served.filter { $0.value.keys.contains { $0.hasPrefix("2") } }.keys)
            #expect(succeeded == Self.contractEndpoints,
                    "missing: \(Self.contractEndpoints.subtracting(succeeded).sorted()), extra: \(succeeded.subtracting(Self.contractEndpoints).sorted())")
            let failures = served.filter { $0.value.keys.contains { !$0.hasPrefix("2") } }
            #expect(failures.isEmpty, "non-2xx answers: \(failures)")
        }
    }

    @Test("Injected 5xx on reads are retried with backoff until they succeed")
    func serverErrors() async throws {
        try await EmulatorClientTests.withEmulator({ config in
            config.faults = try! FaultPlan(parsing: "5xx=40")
            config.seed = 5
        }) { c in
            var n = 0
            for try await _ in c.list(BlockedSender.self) { n += 1 }
            #expect(n == 0)
            // Each read ends in the 404 the contract gives for a missing id, whatever 5xx came before it.
            for _ in 0..<10 {
                do {
                    _ = try await c.get(BlockedSender.self, id: "missing")
                    Issue.record("a missing id was found")
                } catch let e as APIError {
                    #expect(e.kind == .http && e.isNotFound, "\(e)")
                }
            }
            #expect(c.statistics.retries >= 1)
            // The server's own count: 5xx answers were given, and every one was retried until a 404.
            let served = try await EmulatorFixture.stats(c).endpoints
            let gets = served["GET block_senders/{id}"] ?? [:]
            #expect(gets["404"] == 10, "\(gets)")
            #expect(gets.filter { $0.key.hasPrefix("5") }.values.reduce(0, +) >= 1, "\(gets)")
        }
    }

    @Test("Lockout: after a 429 the credential is refused for the lockout, with retry-after saying how long")
    func lockout() async throws {
        try await EmulatorClientTests.withEmulator({ config in
            config.rate = ServerRate(limit: 2, window: .seconds(60))
            config.lockout = .seconds(300)
        }) { c in
            var statuses: [Int] = []
            var retryAfter: String?
            let start = ContinuousClock.now
            for _ in 0..<4 {
                let request = HTTPRequest(method: "GET", url: c.configuration.settingsURL + "/block_senders",
                                          headers: c.configuration.credentials.headers.map { Header($0.name, $0.value) })
                let r = try await AsyncHTTPClientTransport(client: .shared).send(request, timeout: .seconds(30))
                statuses.append(r.status)
                if r.status == 429 { retryAfter = r.header("retry-after") }
            }
            #expect(statuses == [200, 200, 429, 429])
            // 300 s, less the whole seconds that passed since the lockout began (at most the four requests'
            // time, which a loaded machine can stretch).
            let elapsed = Int((ContinuousClock.now - start).seconds.rounded(.up))
            #expect((300 - elapsed - 1...300).contains(Int(retryAfter ?? "") ?? 0), "elapsed \(elapsed) s")
        }
    }

    @Test("A server that repeats its last page past the end does not make the client loop")
    func repeatedPages() async throws {
        try await EmulatorClientTests.withEmulator({ config in config.faults.repeatLastPage = true }) { c in
            _ = try await c.batch(BatchRequest<BlockedSender>(posts: (0..<4).map {
                BlockedSender(pattern: "r\($0)@example.com", patternType: .email) }))
            // Two full pages, no total_count; page 3 repeats page 2 and the client must stop there.
            let page3: Envelope<[BlockedSender]> = try await c.call("GET", "/block_senders",
                                                                   query: [("page", "3"), ("per_page", "2")])
            #expect(page3.result?.map(\.pattern) == ["r2@example.com", "r3@example.com"])
            var n = 0
            for try await _ in c.list(BlockedSender.self, perPage: 2) { n += 1 }
            #expect(n == 4)
        }
    }

    @Test("State survives a restart of the emulator on the same SQLite file")
    func restart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.sqlite").path
        let id = try await EmulatorClientTests.withEmulator({ $0.databasePath = path }) { c in
            try await c.create(TrustedDomain(pattern: "kept.example", isSimilarity: true)).id!
        }
        let again = try await EmulatorClientTests.withEmulator({ $0.databasePath = path }) { c in
            try await c.get(TrustedDomain.self, id: id).pattern
        }
        #expect(again == "kept.example")
    }

    @Test("Unknown routes and methods answer with the error envelope")
    func errorEnvelopes() async throws {
        try await EmulatorClientTests.withEmulator { c in
            let headers = c.configuration.credentials.headers.map { Header($0.name, $0.value) }
            let transport = AsyncHTTPClientTransport(client: .shared)
            for (method, path, status) in [("GET", "/nowhere", 404), ("PUT", "/block_senders/x", 405),
                                           ("GET", "/content_policies", 404), ("DELETE", "/block_senders", 405)] {
                let r = try await transport.send(HTTPRequest(method: method, url: c.configuration.settingsURL + path,
                                                             headers: headers), timeout: .seconds(30))
                #expect(r.status == status, "\(method) \(path)")
                let json = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
                #expect(json?["success"] as? Bool == false)
            }
        }
    }
    @Test("Request bodies are strict JSON: malformed text, a number out of range and a non-object are 400s",
          arguments: [
              ("{\"pattern\": \"x@example.com\",", 400),
              ("{\"pattern\": \"x@example.com\"} trailing", 400),
              ("{\"pattern\": \"x@example.com\", \"pattern_type\": \"EMAIL\", \"is_regex\": 1e999}", 400),
              ("[\"x@example.com\"]", 400),
              ("{\"pattern\": \"\\u0078@example.com\", \"pattern_type\": \"EMAIL\", \"is_regex\": false, "
                  + "\"comments\": \"tab\\t, emoji \\ud83d\\ude00, slash \\/\"}", 201),
          ])
    func strictBodies(body: String, status: Int) async throws {
        try await EmulatorClientTests.withEmulator { c in
            let headers = c.configuration.credentials.headers.map { Header($0.name, $0.value) }
                + [Header("content-type", "application/json")]
            let r = try await AsyncHTTPClientTransport(client: .shared).send(
                HTTPRequest(method: "POST", url: c.configuration.settingsURL + "/block_senders", headers: headers,
                            body: Array(body.utf8)), timeout: .seconds(60))
            #expect(r.status == status, "\(String(decoding: r.body, as: UTF8.self))")
            let json = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
            #expect(json?["success"] as? Bool == (status == 201))
            if status == 201 {
                let stored = try #require(try await c.list(BlockedSender.self).first { _ in true })
                #expect(stored.pattern == "x@example.com")
                #expect(stored.comments == "tab\t, emoji 😀, slash /")
            }
        }
    }
}

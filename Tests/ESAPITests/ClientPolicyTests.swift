import ESAPI
import ESRecords
import ESTestSupport
import Foundation
import Logging
import Testing

/// The client's retry, rate-limit and pagination policy, driven through an injected transport and clock.
@Suite("API client policy")
struct ClientPolicyTests {
    static let token = "test-token-not-real-0123456789"

    func client(_ transport: ScriptedTransport, budget: RateBudget = RateBudget(limit: 100, window: .seconds(1)),
                maxAttempts: Int = 4) throws -> (EmailSecurityClient<ImmediateClock>, ImmediateClock) {
        var backoff = Backoff.default
        backoff.maxAttempts = maxAttempts
        let config = try APIConfiguration(baseURL: "http://127.0.0.1:1/client/v4/", accountID: "acc123",
                                          credentials: .apiToken(Self.token), budget: budget, backoff: backoff)
        let clock = ImmediateClock()
        return (EmailSecurityClient(configuration: config, transport: transport, clock: clock,
                                    logger: Logger(label: "test"), jitter: .seeded(7)), clock)
    }

    @Test("Requests carry the credentials and the settings path; queries are encoded")
    func requestShape() async throws {
        let t = ScriptedTransport([.respond(200, Bodies.ok("[]", info: #"{"page":1,"per_page":1000,"count":0,"total_count":0}"#))])
        let (c, _) = try client(t)
        for try await _ in c.list(BlockedSender.self, filters: [("pattern", "a+b@example.com")]) {}
        let r = try #require(t.requests.first)
        #expect(r.method == "GET")
        #expect(r.url == "http://127.0.0.1:1/client/v4/accounts/acc123/email-security/settings/block_senders?pattern=a%2Bb%40example.com&page=1&per_page=1000")
        #expect(r.headers.contains(Header("Authorization", "Bearer \(Self.token)")))
    }

    @Test("GET is retried on 5xx with growing backoff, then succeeds")
    func getRetries() async throws {
        let t = ScriptedTransport([.respond(503, Bodies.error(1000, "busy")), .respond(502, "bad gateway"),
                                   .respond(200, Bodies.ok(Bodies.block("b1", "x@example.com")))])
        let (c, clock) = try client(t)
        let record = try await c.get(BlockedSender.self, id: "b1")
        #expect(record.pattern == "x@example.com")
        #expect(t.requests.count == 3)
        #expect(c.statistics.retries == 2)
        #expect(clock.now.offset >= .milliseconds(375 + 750))   // 0.5 s and 1 s, less at most 25 % jitter
    }

    @Test("A POST answered with a 5xx, or cut off after sending, is never retried: outcome unknown")
    func postOutcomeUnknown() async throws {
        for step in [ScriptedTransport.Step.respond(500, Bodies.error(1000, "oops")),
                     .fail(TransportError(mayHaveBeenSent: true, message: "connection reset by peer", kind: .connectionReset))] {
            let t = ScriptedTransport([step, .respond(201, Bodies.ok(Bodies.block("b1", "x@example.com")))])
            let (c, _) = try client(t)
            do {
                _ = try await c.create(BlockedSender(pattern: "x@example.com", patternType: .email))
                Issue.record("expected outcome unknown")
            } catch let e as APIError {
                #expect(e.kind == .outcomeUnknown)
                #expect(!e.isRetryable)
            }
            #expect(t.requests.count == 1)
        }
    }

    @Test("A POST that certainly was not sent is retried")
    func postNotSent() async throws {
        let t = ScriptedTransport([.fail(TransportError(mayHaveBeenSent: false, message: "connection refused", kind: .connectionRefused)),
                                   .respond(201, Bodies.ok(Bodies.block("b1", "x@example.com")))])
        let (c, _) = try client(t)
        let created = try await c.create(BlockedSender(pattern: "x@example.com", patternType: .email))
        #expect(created.id == "b1")
        #expect(t.requests.count == 2)
    }

    @Test("A 429 pauses for retry-after (even 300 s) and the request goes again, POST included")
    func rateLimited() async throws {
        let t = ScriptedTransport([.respond(429, Bodies.error(971, "Please wait and consider throttling your request speed"),
                                            [Header("retry-after", "300")]),
                                   .respond(201, Bodies.ok(Bodies.block("b1", "x@example.com")))])
        let (c, clock) = try client(t)
        _ = try await c.create(BlockedSender(pattern: "x@example.com", patternType: .email))
        #expect(t.requests.count == 2)
        #expect(clock.now.offset >= .seconds(300))
        #expect(c.statistics.rateLimited == 1)
    }

    @Test("success:false is an error even with a 2xx; a 404 is not retried")
    func envelopeErrors() async throws {
        let t = ScriptedTransport([.respond(200, Bodies.error(1002, "bad things")), .respond(404, Bodies.error(1003, "not found"))])
        let (c, _) = try client(t)
        await #expect(throws: APIError.self) { try await c.get(BlockedSender.self, id: "x") }
        do {
            _ = try await c.get(BlockedSender.self, id: "y")
        } catch let e as APIError {
            #expect(e.isNotFound)
            #expect(e.errors == [APIMessage(code: 1003, message: "not found")])
            #expect(e.description.contains("GET /block_senders/y"))
        }
        #expect(t.requests.count == 2)
    }

    @Test("Errors never carry the token")
    func redaction() async throws {
        let t = ScriptedTransport(Array(repeating: .fail(TransportError(mayHaveBeenSent: true,
                                                                         message: "echo Bearer \(Self.token)")), count: 4))
        let (c, _) = try client(t)
        do {
            _ = try await c.get(BlockedSender.self, id: "x")
        } catch let e as APIError {
            #expect(!e.description.contains(Self.token))
            #expect(e.attempts == 4)
        }
    }

    @Test("Pagination stops on total_count without an extra request")
    func paginationTotal() async throws {
        let page = { (n: Int, ids: [String]) in
            ScriptedTransport.Step.respond(200, Bodies.ok("[" + ids.map { Bodies.block($0, "\($0)@example.com") }.joined(separator: ",") + "]",
                                                          info: #"{"page":\#(n),"per_page":2,"count":\#(ids.count),"total_count":5}"#))
        }
        let t = ScriptedTransport([page(1, ["a", "b"]), page(2, ["c", "d"]), page(3, ["e"])])
        let (c, _) = try client(t)
        var got: [String] = []
        for try await r in c.list(BlockedSender.self, perPage: 2) { got.append(r.id!.rawValue) }
        #expect(got == ["a", "b", "c", "d", "e"])
        #expect(t.requests.count == 3)
    }

    @Test("Pagination stops on an empty page and on a repeated page (where the SDK loops forever)")
    func paginationGuards() async throws {
        let full = { (ids: [String]) in
            ScriptedTransport.Step.respond(200, Bodies.ok("[" + ids.map { Bodies.block($0, "\($0)@example.com") }.joined(separator: ",") + "]"))
        }
        let empty = ScriptedTransport([full(["a", "b"]), .respond(200, Bodies.ok("[]"))])
        let (c1, _) = try client(empty)
        var n = 0
        for try await _ in c1.list(BlockedSender.self, perPage: 2) { n += 1 }
        #expect(n == 2 && empty.requests.count == 2)

        let repeated = ScriptedTransport([full(["a", "b"]), full(["a", "b"]), full(["a", "b"])])
        let (c2, _) = try client(repeated)
        n = 0
        for try await _ in c2.list(BlockedSender.self, perPage: 2) { n += 1 }
        #expect(n == 2 && repeated.requests.count == 2)
    }

    @Test("The limiter spaces requests at the budget")
    func budgetSpacing() async throws {
        let t = ScriptedTransport(Array(repeating: .respond(200, Bodies.ok(Bodies.block("b", "x@example.com"))), count: 5))
        let (c, clock) = try client(t, budget: RateBudget(limit: 2, window: .seconds(1)))
        for _ in 0..<5 { _ = try await c.get(BlockedSender.self, id: "b") }
        #expect(clock.now.offset == .seconds(2))      // 0, 0.5, 1, 1.5, 2
    }

    @Test("Batch bodies carry all four arrays, ids on patches and puts")
    func batchBody() async throws {
        let t = ScriptedTransport([.respond(200, Bodies.ok(#"{"deletes":[{"id":"d1"}],"patches":[],"puts":[],"posts":[]}"#))])
        let (c, _) = try client(t)
        var put = BlockedSender(pattern: "p@example.com", patternType: .email)
        put.id = "p1"
        let result = try await c.batch(BatchRequest<BlockedSender>(
            deletes: ["d1"], patches: [(id: "x1", fields: ["comments": .null])], puts: [put],
            posts: [BlockedSender(pattern: "n@example.com", patternType: .email)]))
        #expect(result.deletes == ["d1"])
        let body = try #require(t.requests.first?.body)
        let json = try JSONSerialization.jsonObject(with: Data(body)) as! [String: Any]
        #expect(Set(json.keys) == ["deletes", "patches", "puts", "posts"])
        #expect((json["patches"] as! [[String: Any]])[0]["id"] as? String == "x1")
        #expect((json["patches"] as! [[String: Any]])[0]["comments"] is NSNull)
        #expect((json["puts"] as! [[String: Any]])[0]["id"] as? String == "p1")
        #expect((json["posts"] as! [[String: Any]])[0]["id"] == nil)
        #expect(t.requests.first?.url.hasSuffix("/block_senders/batch") == true)
    }

    @Test("Domains bulk delete sends a JSON array body")
    func bulkDelete() async throws {
        let t = ScriptedTransport([.respond(200, Bodies.ok(#"[{"id":"d1"},{"id":"d2"}]"#))])
        let (c, _) = try client(t)
        #expect(try await c.bulkDeleteDomains(["d1", "d2"]) == ["d1", "d2"])
        let r = try #require(t.requests.first)
        #expect(r.method == "DELETE")
        #expect(String(decoding: r.body ?? [], as: UTF8.self) == #"[{"id":"d1"},{"id":"d2"}]"#)
    }

    @Test("A server that never answers: a GET gives up as temporary (noAnswer), naming the host and the timeout")
    func noAnswer() async throws {
        let silent = TransportError(mayHaveBeenSent: true, message: "Deadline exceeded", kind: .timedOut)
        let t = ScriptedTransport(Array(repeating: .fail(silent), count: 4))
        let (c, _) = try client(t)
        do {
            _ = try await c.get(BlockedSender.self, id: "b1")
            Issue.record("expected no answer")
        } catch let e as APIError {
            #expect(e.kind == .noAnswer)
            #expect(e.isRetryable, "temporary: the command exits 75")
            #expect(e.attempts == 4)
            let text = "\(e)"
            #expect(text.contains("no answer from http://127.0.0.1:1/client/v4 (timed out)"), "\(text)")
            #expect(text.contains("each attempt given 60 s (--timeout)"), "\(text)")
        }
        #expect(t.requests.count == 4)
    }

    @Test("A stop ends a 429 pause at once: the call fails as stopped, a write after a 5xx as outcome unknown")
    func stopEndsWaits() async throws {
        let stop = StopSignal()
        // The clock really sleeps: the one-hour pause can only end by the stop.
        let config = try APIConfiguration(baseURL: "http://127.0.0.1:1/client/v4/", accountID: "acc123",
                                          credentials: .apiToken(Self.token))
        let t = ScriptedTransport([.respond(429, Bodies.error(971, "slow down"), [Header("retry-after", "3600")])])
        let c = EmailSecurityClient(configuration: config, transport: t, clock: ContinuousClock(),
                                    logger: Logger(label: "test"), jitter: .seeded(7)).stopping(on: stop)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    _ = try await c.get(BlockedSender.self, id: "b1")
                    Issue.record("expected stopped")
                } catch let e as APIError {
                    #expect(e.kind == .stopped)
                }
            }
            // Stops once the pause is recorded: the limiter then holds the only waiting request.
            while await c.limiter.pauses == 0 { await Task.yield() }
            stop.request(exitCode: 143)
            try await group.waitForAll()
        }
        #expect(t.requests.count == 1)

        let stop2 = StopSignal()
        let t2 = ScriptedTransport([.respond(503, "busy")])
        var config2 = config
        config2.backoff = Backoff(initial: .seconds(3600), maximum: .seconds(3600), multiplier: 1, jitter: 0,
                                  maxAttempts: 3)
        let c2 = EmailSecurityClient(configuration: config2, transport: t2, clock: ContinuousClock(),
                                     logger: Logger(label: "test"), jitter: .seeded(7)).stopping(on: stop2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    _ = try await c2.edit(BlockedSender.self, id: "b1", fields: [:])
                    Issue.record("expected outcome unknown")
                } catch let e as APIError {
                    #expect(e.kind == .outcomeUnknown, "the first attempt may have been applied: \(e)")
                }
            }
            while c2.statistics.retries == 0 { await Task.yield() }
            stop2.request()
            try await group.waitForAll()
        }
    }

    @Test("GET /accounts listing an id that is not one fails as an invalid response, the id escaped and cut")
    func listedAccountIDs() async throws {
        let forged = "acc2\\nacc3  refused  0  0  0  forged-row" + String(repeating: "x", count: 300)
        let t = ScriptedTransport([.respond(200, Bodies.ok(#"[{"id":"acc1"},{"id":"\#(forged)"}]"#))])
        let (c, _) = try client(t)
        do {
            _ = try await c.listAccounts()
            Issue.record("expected a refusal")
        } catch let e as APIError {
            #expect(e.kind == .invalidResponse)
            let text = "\(e)"
            #expect(!text.contains("\n") && text.contains("is not an account id") && text.count < 300, "\(text)")
        }
    }
}

@testable import ESEmulator
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The emulator's routes driven in-process (HummingbirdTesting's router framework: no socket), checked
/// against `api-contract.md` as written, not against the client's types.
@Suite("Emulator routes, in-process")
struct EmulatorRouteTests {
    static let token = "made-up-route-token"
    static let base = "/client/v4/accounts/acc1/email-security/settings"
    static let auth: HTTPFields = [.authorization: "Bearer \(token)"]
    static let json: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]

    static func withApp(_ adjust: (inout EmulatorConfiguration) -> Void = { _ in },
                        _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var config = EmulatorConfiguration(databasePath: ":memory:",
                                           credentials: [EmulatorCredential(.token(token), accounts: ["acc1"])],
                                           seed: 1)
        adjust(&config)
        var logger = Logger(label: "esmigrate.tests")
        logger.logLevel = .critical
        let emulator = try Emulator(configuration: config, logger: logger)
        let app = Application(router: emulator.makeRouter(), logger: logger)
        try await app.test(.router, body)
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        let bytes = Data(response.body.readableBytesView)
        return try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any], "\(bytes)")
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("A list answers with the §2 envelope and §3's result_info: page, per_page, count, total_count")
    func listEnvelope() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: Self.base + "/block_senders", method: .get, headers: Self.auth) { r in
                #expect(r.status == .ok)
                let o = try Self.object(r)
                #expect(o["success"] as? Bool == true)
                #expect((o["errors"] as? [Any])?.isEmpty == true)
                #expect((o["messages"] as? [Any])?.isEmpty == true)
                #expect((o["result"] as? [Any])?.isEmpty == true)
                let info = try #require(o["result_info"] as? [String: Any])
                #expect(Set(info.keys).isSuperset(of: ["page", "per_page", "count", "total_count"]))
                #expect(info["page"] as? Int == 1 && info["count"] as? Int == 0 && info["total_count"] as? Int == 0)
            }
        }
    }

    @Test("No credential is 401 and another account's is 403, each with a false success and a code ≥ 1000")
    func authentication() async throws {
        try await Self.withApp { client in
            for (uri, headers, status) in [(Self.base + "/allow_policies", HTTPFields(), HTTPResponse.Status.unauthorized),
                                           ("/client/v4/accounts/acc2/email-security/settings/allow_policies",
                                            Self.auth, .forbidden)] {
                try await client.execute(uri: uri, method: .get, headers: headers) { r in
                    #expect(r.status == status, "\(uri)")
                    let o = try Self.object(r)
                    #expect(o["success"] as? Bool == false)
                    let code = (o["errors"] as? [[String: Any]])?.first?["code"] as? Int
                    #expect((code ?? 0) >= 1000, "\(o)")
                }
            }
        }
    }

    @Test("Create is 201 with a UUID id and the three timestamps; get 200; unknown id 404; PUT on a pattern 405")
    func createGetMissing() async throws {
        try await Self.withApp { client in
            let created = try await client.execute(
                uri: Self.base + "/block_senders", method: .post, headers: Self.json,
                body: Self.body(#"{"pattern":"spam@bad.example","pattern_type":"EMAIL","is_regex":false}"#)
            ) { r -> [String: Any] in
                #expect(r.status == .created)
                return try #require(try Self.object(r)["result"] as? [String: Any])
            }
            let id = try #require(created["id"] as? String)
            #expect(UUID(uuidString: id) != nil, "\(id)")
            for key in ["created_at", "modified_at", "last_modified"] { #expect(created[key] is String, "\(key)") }
            try await client.execute(uri: Self.base + "/block_senders/\(id)", method: .get, headers: Self.auth) { r in
                #expect(r.status == .ok)
                let result = try Self.object(r)["result"] as? [String: Any]
                #expect(result?["pattern"] as? String == "spam@bad.example")
            }
            try await client.execute(uri: Self.base + "/block_senders/\(UUID())", method: .get, headers: Self.auth) { r in
                #expect(r.status == .notFound)
                let success = try Self.object(r)["success"] as? Bool
                #expect(success == false)
            }
            try await client.execute(uri: Self.base + "/block_senders/\(id)", method: .put, headers: Self.json,
                                     body: Self.body("{}")) { r in
                #expect(r.status == .methodNotAllowed)
            }
        }
    }

    @Test("Pages of per_page items, an empty page past the end, total_count; per_page over 1000 is 400")
    func pagination() async throws {
        try await Self.withApp { client in
            let posts = (0..<5).map { #"{"pattern":"p\#($0).example","pattern_type":"DOMAIN","is_regex":false}"# }
            try await client.execute(uri: Self.base + "/block_senders/batch", method: .post, headers: Self.json,
                                     body: Self.body(#"{"deletes":[],"patches":[],"puts":[],"posts":[\#(posts.joined(separator: ","))]}"#)) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body))")
            }
            var seen: [String] = []
            for (page, count) in [(1, 2), (2, 2), (3, 1), (4, 0)] {
                try await client.execute(uri: Self.base + "/block_senders?page=\(page)&per_page=2", method: .get,
                                         headers: Self.auth) { r in
                    let o = try Self.object(r)
                    let items = try #require(o["result"] as? [[String: Any]])
                    #expect(items.count == count, "page \(page)")
                    seen += items.compactMap { $0["pattern"] as? String }
                    let info = try #require(o["result_info"] as? [String: Any])
                    #expect(info["total_count"] as? Int == 5 && info["per_page"] as? Int == 2 && info["page"] as? Int == page)
                }
            }
            #expect(Set(seen) == Set((0..<5).map { "p\($0).example" }) && seen.count == 5)
            try await client.execute(uri: Self.base + "/block_senders?per_page=1001", method: .get, headers: Self.auth) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test("pattern_type UNKNOWN is refused on write (§9): 400, nothing stored")
    func unknownPatternType() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: Self.base + "/allow_policies", method: .post, headers: Self.json,
                                     body: Self.body(#"{"pattern":"x@example.com","pattern_type":"UNKNOWN","is_regex":false,"is_acceptable_sender":true}"#)) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: Self.base + "/allow_policies", method: .get, headers: Self.auth) { r in
                let result = try Self.object(r)["result"] as? [Any]
                #expect(result?.isEmpty == true)
            }
        }
    }
}

/// `GET /accounts`, as the official SDK pages it.
@Suite("Emulator accounts list, in-process")
struct EmulatorAccountsTests {
    static func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await EmulatorRouteTests.withApp({ config in
            config.credentials = [EmulatorCredential(.token("unbound-token")),
                                  EmulatorCredential(.token("bound-token"), accounts: ["b2", "b1"])]
            config.accounts = ["d1": "Tenant D1", "d2": "Tenant D2"]
        }, body)
    }

    static func page(_ client: any TestClientProtocol, token: String, query: String) async throws
        -> (status: HTTPResponse.Status, ids: [String], info: [String: Any])
    {
        try await client.execute(uri: "/client/v4/accounts?\(query)", method: .get,
                                 headers: [.authorization: "Bearer \(token)"]) { r in
            let o = (try? EmulatorRouteTests.object(r)) ?? [:]
            let ids = (o["result"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            return (r.status, ids, o["result_info"] as? [String: Any] ?? [:])
        }
    }

    @Test("An unbound token sees the accounts holding data and the declared ones, paged by id; a bound one its own")
    func visibility() async throws {
        try await Self.withApp { client in
            // c1 holds data once a record is written there (with the unbound token).
            try await client.execute(uri: "/client/v4/accounts/c1/email-security/settings/block_senders", method: .post,
                                     headers: [.authorization: "Bearer unbound-token", .contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"pattern":"x.example","pattern_type":"DOMAIN","is_regex":false}"#)) { r in
                #expect(r.status == .created)
            }
            var seen: [String] = []
            for page in 1...3 {
                let p = try await Self.page(client, token: "unbound-token", query: "page=\(page)&per_page=2")
                #expect(p.status == .ok)
                #expect(p.info["total_count"] as? Int == 3)
                seen += p.ids
            }
            #expect(seen == ["c1", "d1", "d2"])
            let bound = try await Self.page(client, token: "bound-token", query: "per_page=50")
            #expect(bound.ids == ["b1", "b2"])
            let tooMany = try await Self.page(client, token: "bound-token", query: "per_page=51")
            #expect(tooMany.status == .badRequest)
            let anonymous = try await client.execute(uri: "/client/v4/accounts", method: .get) { $0.status }
            #expect(anonymous == .unauthorized)
        }
    }
}

extension EmulatorRouteTests {
    @Test("search=%00 matches nothing (SQLite's lower() stopped at the NUL: it matched everything); a real search matches")
    func searchNUL() async throws {
        try await Self.withApp { client in
            for pattern in ["a@example.com", "b@example.com"] {
                try await client.execute(uri: Self.base + "/block_senders", method: .post, headers: Self.json,
                                         body: Self.body(#"{"pattern":"\#(pattern)","pattern_type":"EMAIL","is_regex":false}"#)) { r in
                    #expect(r.status == .ok || r.status == .created)
                }
            }
            for (query, expected) in [("%00", 0), ("a%00", 0), ("b%40", 1), ("", 2)] {
                try await client.execute(uri: Self.base + "/block_senders?search=\(query)", method: .get,
                                         headers: Self.auth) { r in
                    let info = try Self.object(r)["result_info"] as? [String: Any]
                    #expect(info?["total_count"] as? Int == expected, "search=\(query)")
                }
            }
        }
    }
}

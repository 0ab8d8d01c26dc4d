import ESAPI
import ESEmulator
import Foundation
import Logging
import NIOCore
import Testing

/// The emulator under hostile or broken clients (issue 9): every answer is a 4xx envelope, slow and idle
/// connections are closed, the connection cap holds, and the server stays up for the next client.
@Suite("Emulator under abuse (raw TCP on 127.0.0.1)")
struct EmulatorAbuseTests {
    static let token = EmulatorClientTests.token
    static let path = "/client/v4/accounts/acc1/email-security/settings/block_senders"

    static func withServer<T: Sendable>(_ adjust: @Sendable (inout EmulatorConfiguration) -> Void = { _ in },
                                        _ body: @Sendable (Int) async throws -> T) async throws -> T {
        var config = EmulatorConfiguration(credentials: [EmulatorCredential(.token(token), accounts: ["acc1"])])
        adjust(&config)
        return try await Emulator.withRunning(config, logger: Logger(label: "esmigrate.tests")) { base in
            try await body(Int(base.split(separator: ":").last!.split(separator: "/").first!)!)
        }
    }

    static func request(_ head: String, body: String = "") -> [UInt8] {
        Array((head.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" + body).utf8)
    }

    static func get(_ query: String) -> [UInt8] {
        request("GET \(path)?\(query) HTTP/1.1\nHost: x\nAuthorization: Bearer \(token)\nConnection: close\n")
    }

    @Test("A page number whose offset overflows is a 400 envelope, and the server lives on",
          arguments: ["page=9223372036854775807", "page=461168601842738792", "page=9223372036854775807&per_page=1000"])
    func pageOverflow(query: String) async throws {
        try await Self.withServer { port in
            let answer = try await RawHTTP.exchange(port: port, Self.get(query))
            #expect(RawHTTP.status(answer) == 400, "\(answer)")
            #expect(RawHTTP.isErrorEnvelope(answer))
            let after = try await RawHTTP.exchange(port: port, Self.get("page=1"))
            #expect(RawHTTP.status(after) == 200, "the server must still answer: \(after)")
        }
    }

    @Test("Broken bodies and framing get 4xx envelopes, not 500")
    func brokenBodies() async throws {
        try await Self.withServer { port in
            let auth = "Authorization: Bearer \(Self.token)\n"
            let cases: [(String, [UInt8], Bool, Int)] = [
                ("a body over 32 MiB",
                 Self.request("POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Content-Length: 40000000\n", body: "{"), false, 413),
                ("a short body, then half-close",
                 Self.request("POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Content-Length: 100\n", body: #"{"a":"#), true, 400),
                ("an invalid chunk size",
                 Self.request("POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Transfer-Encoding: chunked\n", body: "ZZ\r\nabc\r\n0\r\n\r\n"),
                 false, 400),
                ("Transfer-Encoding: gzip",
                 Self.request("POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Transfer-Encoding: gzip\n", body: "abc"), true, 400),
                ("Expect: 100-continue and no body",
                 Self.request("POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Expect: 100-continue\nContent-Length: 10\n"), true, 400),
                ("a header that is not HTTP",
                 Self.request("POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Bad Header Line\n"), false, 400),
            ]
            for (name, bytes, halfClose, expected) in cases {
                let answer: String
                do {
                    answer = try await RawHTTP.exchange(port: port, bytes, halfClose: halfClose, limit: .seconds(5))
                } catch {
                    Issue.record("\(name): \(error)")
                    continue
                }
                #expect(RawHTTP.status(answer) == expected, "\(name): \(answer)")
                #expect(RawHTTP.isErrorEnvelope(answer), "\(name): \(answer)")
            }
            let after = try await RawHTTP.exchange(port: port, Self.get("page=1"))
            #expect(RawHTTP.status(after) == 200)
        }
    }

    @Test("Slow headers and bodies get 408; silent and idle connections are closed")
    func timeouts() async throws {
        try await Self.withServer({
            // An idle limit well above the others: a connection whose first bytes are read late on a busy
            // machine (other suites run beside this one) must meet the header clock, not the idle one.
            $0.limits.headerTimeout = .milliseconds(400)
            $0.limits.bodyTimeout = .milliseconds(400)
            $0.limits.idleTimeout = .seconds(2)
        }) { port in
            let slowHead = try await RawHTTP.exchange(port: port, Array("GET \(Self.path) HTTP/1.1\r\nHost: x\r\n".utf8))
            #expect(RawHTTP.status(slowHead) == 408 && RawHTTP.isErrorEnvelope(slowHead), "\(slowHead)")
            #expect(slowHead.contains("header"))

            let slowBody = try await RawHTTP.exchange(port: port, Self.request(
                "POST \(Self.path) HTTP/1.1\nHost: x\nAuthorization: Bearer \(Self.token)\nContent-Length: 10\n", body: "{"))
            #expect(RawHTTP.status(slowBody) == 408 && RawHTTP.isErrorEnvelope(slowBody), "\(slowBody)")
            #expect(slowBody.contains("body"))

            // Nothing sent at all: closed without an answer once idle.
            let silent = try await RawHTTP.exchange(port: port, [])
            #expect(silent.isEmpty, "\(silent)")

            // One complete request on a kept-alive connection: answered, then closed once idle.
            let keptAlive = try await RawHTTP.exchange(port: port, Self.request(
                "GET \(Self.path) HTTP/1.1\nHost: x\nAuthorization: Bearer \(Self.token)\n"))
            #expect(RawHTTP.status(keptAlive) == 200, "\(keptAlive)")
        }
    }

    @Test("Past the connection cap, a connection is answered 503 and closed; freed slots are reused")
    func connectionCap() async throws {
        try await Self.withServer({
            $0.limits.maxConnections = 3
            // Held connections stay open; a silent probe that were wrongly accepted closes, failing the test.
            $0.limits.idleTimeout = .seconds(10)
        }) { port in
            // Three connections that each had a request answered: all three are counted by the server.
            try await Self.holding(3, port: port) {
                let over = try await RawHTTP.exchange(port: port, [])
                #expect(RawHTTP.status(over) == 503 && RawHTTP.isErrorEnvelope(over), "\(over)")
            }
            // Slots are released as the held connections close; the server then serves again.
            var status: Int?
            for _ in 0..<50 where status != 200 {
                status = RawHTTP.status(try await RawHTTP.exchange(port: port, Self.get("page=1")))
            }
            #expect(status == 200)
        }
    }

    /// Runs `body` while `count` kept-alive connections are open, each after one answered request.
    static func holding(_ count: Int, port: Int, _ body: @Sendable () async throws -> Void) async throws {
        guard count > 0 else { return try await body() }
        let channel = try await RawHTTP.open(port: port)
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: Self.request(
                "GET \(Self.path)?page=1 HTTP/1.1\nHost: x\nAuthorization: Bearer \(Self.token)\n")))
            var received = ""
            var iterator = inbound.makeAsyncIterator()
            while !received.contains(#""success":true}"#), let chunk = try await iterator.next() {
                received += String(buffer: chunk)
            }
            try await holding(count - 1, port: port, body)
        }
    }
}

/// `serve --latency`: every documented form, and what is refused.
@Suite("Latency option")
struct LatencyOptionTests {
    @Test("Fixed and ranged latencies parse to their bounds", arguments: [
        ("20ms", 20, 20), ("1.5s", 1_500, 1_500), ("2s", 2_000, 2_000), ("2m", 120_000, 120_000),
        ("0.25s", 250, 250), ("10ms..50ms", 10, 50), ("500ms..1.5s", 500, 1_500), ("1s..1s", 1_000, 1_000),
    ])
    func parses(text: String, low: Int64, high: Int64) throws {
        var plan = FaultPlan()
        try plan.setLatency(parsing: text)
        #expect(plan.latency == .milliseconds(low) && plan.latencyMax == .milliseconds(high), "\(text)")
    }

    @Test("Malformed latencies are refused, naming the forms", arguments: [
        "", "20", "fast", "1.5", "10ms..", "..50ms", "50ms..10ms", "10ms...50ms", "1ms..2ms..3ms", "-5ms",
    ])
    func refuses(text: String) {
        var plan = FaultPlan()
        do {
            try plan.setLatency(parsing: text)
            Issue.record("'\(text)' was accepted as \(plan.latency)...\(plan.latencyMax)")
        } catch {
            #expect("\(error)".contains("20ms, 1.5s or 10ms..50ms"), "\(text): \(error)")
        }
        #expect(plan.latency == .zero && plan.latencyMax == .zero, "a refused value changed the plan")
    }
}

extension EmulatorAbuseTests {
    /// Before, 40 concurrent 31 MiB bodies held 1.34 GB; up to 256 × 32 MiB could be held. The independent
    /// fact the test waits on is the server's own count of body bytes held (an event, not a sleep).
    @Test("Bodies held across connections are budgeted: past the budget a request gets 503 with retry-after; freed, it passes")
    func bodyBudget() async throws {
        try await Self.withServer({ $0.limits.maxBodyBytesInFlight = 4 << 20 }) { port in
            let auth = "Authorization: Bearer \(Self.token)\n"
            let big = 3 << 20
            let held = try await RawHTTP.open(port: port)
            try await held.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: Self.request(
                    "POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Content-Length: \(big + 1)\nConnection: close\n")))
                try await outbound.write(ByteBuffer(repeating: UInt8(ascii: "a"), count: big))
                // Wait until the server holds the 3 MiB (its own counter).
                while true {
                    let stats = try await RawHTTP.exchange(port: port, Array(
                        "GET /_emulator/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                    if let range = stats.range(of: #""body_bytes_in_flight":([0-9]+)"#, options: .regularExpression),
                       let held = Int(stats[range].split(separator: ":").last ?? ""), held >= big { break }
                    await Task.yield()
                }
                let second = String(repeating: "b", count: 2 << 20)
                let refused = try await RawHTTP.exchange(port: port, Self.request(
                    "POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Content-Length: \(second.utf8.count)\n", body: second))
                #expect(RawHTTP.status(refused) == 503, "\(refused.prefix(300))")
                #expect(refused.lowercased().contains("retry-after: 1"), "\(refused.prefix(300))")
                #expect(RawHTTP.isErrorEnvelope(refused))
                // The held request completes (its body is not JSON: 400), and its bytes are given back.
                try await outbound.write(ByteBuffer(bytes: Array("a".utf8)))
                var answer = ByteBuffer()
                for try await var chunk in inbound { answer.writeBuffer(&chunk) }
                #expect(RawHTTP.status(String(buffer: answer)) == 400)
            }
            let body = #"{"pattern":"after@example.com","pattern_type":"EMAIL","is_regex":false}"#
            let again = try await RawHTTP.exchange(port: port, Self.request(
                "POST \(Self.path) HTTP/1.1\nHost: x\n\(auth)Content-Type: application/json\nContent-Length: \(body.utf8.count)\nConnection: close\n",
                body: body))
            #expect(RawHTTP.status(again) == 200 || RawHTTP.status(again) == 201, "\(again.prefix(300))")
        }
    }
}

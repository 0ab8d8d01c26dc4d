import AsyncHTTPClient
import ESAPI
import ESRecords
import ESTestSupport
import Foundation
import InMemoryLogging
import Logging
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Credentials that cannot be sent, secrets in error texts, and an API that cannot be reached (issue 9).
@Suite("Credential hardening and unreachable APIs")
struct CredentialHardeningTests {
    static let variables = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_API_USER_SERVICE_KEY", "CLOUDFLARE_EMAIL"]

    @Test("A credential with CR/LF, a control byte, a space or non-ASCII is refused as read, naming the variable only",
          arguments: ["abc\r\nX: 1", "tok\n2nd-line", "tok\u{7}bell", "two words", "tök-123456"])
    func refusedAsRead(secret: String) {
        for variable in Self.variables {
            var env = [variable: secret]
            if variable == "CLOUDFLARE_API_KEY" { env["CLOUDFLARE_EMAIL"] = "a@example.com" }
            if variable == "CLOUDFLARE_EMAIL" { env["CLOUDFLARE_API_KEY"] = "key-abcdef" }
            do {
                _ = try CredentialSource.resolve(environment: env)
                Issue.record("\(variable) with \(secret.debugDescription) was accepted")
            } catch let e as ConfigurationError {
                let text = "\(e)"
                #expect(text.contains(variable), "\(text)")
                for piece in secret.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == " " }) where piece.count >= 3 {
                    #expect(!text.contains(piece), "the message echoes the secret: \(text)")
                }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("A two-line token file is refused, and a configuration built in code is checked too")
    func tokenFileAndLibrary() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-token-\(UUID())").path
        try "line-one-token\nline-two\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try CredentialSource.resolve(environment: [:], tokenFile: path)
        } throws: { error in
            "\(error)".contains("more than one line") && !"\(error)".contains("line-one-token")
        }
        #expect(throws: ConfigurationError.self) {
            try APIConfiguration(baseURL: "http://127.0.0.1:1/client/v4", accountID: "acc1",
                                 credentials: .apiToken("abc\r\nX-Injected: 1"))
        }
    }

    @Test("Redaction also catches a secret printed as an escaped literal or line by line")
    func escapedRedaction() {
        let c = Credentials.apiToken("abcd\r\nXY: 12345")
        let text = #"invalidHeaderFieldValues(["Bearer abcd\r\nXY: 12345"])"#
        #expect(!c.redacted(text).contains("12345"))
        #expect(!c.redacted("abcd then XY: 12345").contains("XY: 12345"))
    }

    @Test("AsyncHTTPClient's errors are described without their values (a header value never reaches a message)")
    func transportDescriptions() async throws {
        let transport = AsyncHTTPClientTransport(client: .shared)
        let request = HTTPRequest(method: "GET", url: "http://127.0.0.1:1/x",
                                  headers: [Header("Authorization", "Bearer s3cr3t\r\nX: 1")], body: nil)
        do {
            _ = try await transport.send(request, timeout: .seconds(5))
            Issue.record("an invalid header was sent")
        } catch let e as TransportError {
            #expect(!e.message.contains("s3cr3t"), "\(e.message)")
            #expect(!e.mayHaveBeenSent)
        }
    }

    @Test("A refused connection fails in seconds with 'cannot reach', after retries logged at the default level")
    func unreachable() async throws {
        // A port that refuses: bound by a socket that never listens, held until the test ends so that no
        // server another test starts can take the port over (a released port can be).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        let records = handler
        var logger = Logger(label: "esmigrate.tests") { _ in handler }
        logger.logLevel = .notice
        var backoff = Backoff.default
        backoff.initial = .milliseconds(20)
        let api = try APIConfiguration(baseURL: "http://127.0.0.1:\(port)/client/v4", accountID: "acc1",
                                       credentials: .apiToken("made-up-token-1"), backoff: backoff)
        try await HTTPClient.withHTTPClient(configuration: AsyncHTTPClientTransport.clientConfiguration()) { http in
            let client = EmailSecurityClient(configuration: api, transport: AsyncHTTPClientTransport(client: http),
                                             clock: ContinuousClock(), logger: logger)
            do {
                for try await _ in client.list(BlockedSender.self) {}
                Issue.record("listing an unreachable API succeeded")
            } catch let e as APIError {
                #expect(e.kind == .notSent)
                #expect("\(e)".hasPrefix("cannot reach http://127.0.0.1:\(port)/client/v4: connection refused"), "\(e)")
                #expect(e.attempts == backoff.maxAttemptsNotSent)
            }
        }
        // Each refusal is immediate: every attempt ended with "connection refused", none with the 10 s connect
        // timeout or the 60 s request deadline (their reasons would say so), and the waits between attempts are
        // the backoff's, as logged. No wall-clock bound: on 2 loaded cores the run itself took from 12 s to 36 s.
        let retries = records.entries.map { "\($0.message)" }.filter { $0.hasPrefix("retrying in") }
        #expect(retries.count == backoff.maxAttemptsNotSent - 1, "\(records.entries.map { "\($0.message)" })")
        #expect(retries.allSatisfy { $0.contains("connection refused") }, "\(retries)")
        let waited = retries.compactMap { Double($0.dropFirst("retrying in ".count).prefix { $0 != " " }) }.reduce(0, +)
        #expect(waited < 10, "the backoff's waits add up to \(waited) s: \(retries)")
    }
}

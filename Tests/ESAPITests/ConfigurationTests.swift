import ESAPI
import Foundation
import Testing

@Suite("Credentials and configuration")
struct ConfigurationTests {
    @Test("Each kind of credential resolves, with the headers the SDK sends")
    func kinds() throws {
        let token = try CredentialSource.resolve(environment: ["CLOUDFLARE_API_TOKEN": " tok-123456 \n"])
        #expect(token == .apiToken("tok-123456"))
        #expect(token.headers.map(\.name) == ["Authorization"])
        #expect(token.headers.first?.value == "Bearer tok-123456")
        let key = try CredentialSource.resolve(environment: ["CLOUDFLARE_EMAIL": "a@example.com",
                                                             "CLOUDFLARE_API_KEY": "key-abcdef"])
        #expect(key.headers.map(\.name) == ["X-Auth-Email", "X-Auth-Key"])
        let service = try CredentialSource.resolve(environment: ["CLOUDFLARE_API_USER_SERVICE_KEY": "v1.0-svc"])
        #expect(service.headers.map(\.name) == ["X-Auth-User-Service-Key"])
    }

    @Test("More than one kind is refused, naming the variables", arguments: [
        ["CLOUDFLARE_API_TOKEN": "t-1234", "CLOUDFLARE_EMAIL": "a@example.com", "CLOUDFLARE_API_KEY": "k-1234"],
        ["CLOUDFLARE_API_TOKEN": "t-1234", "CLOUDFLARE_API_USER_SERVICE_KEY": "s-1234"],
    ])
    func conflicts(environment: [String: String]) {
        do {
            _ = try CredentialSource.resolve(environment: environment)
            Issue.record("expected a conflict")
        } catch let error as ConfigurationError {
            #expect(error.kind == .conflictingCredentials)
            #expect(error.sources.contains("CLOUDFLARE_API_TOKEN"))
            #expect(!error.description.contains("t-1234"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("A stray CLOUDFLARE_EMAIL next to a token is a conflict, not a silent 401")
    func strayEmail() {
        #expect(throws: ConfigurationError.self) {
            try CredentialSource.resolve(environment: ["CLOUDFLARE_API_TOKEN": "t-1234", "CLOUDFLARE_EMAIL": "a@x.example"])
        }
    }

    @Test("Missing and incomplete credentials say what to set")
    func missing() {
        #expect(throws: ConfigurationError.missingCredentials) { try CredentialSource.resolve(environment: [:]) }
        #expect(throws: ConfigurationError.incompleteCredentials("CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY",
                                                                 missing: "CLOUDFLARE_API_KEY")) {
            try CredentialSource.resolve(environment: ["CLOUDFLARE_EMAIL": "a@example.com"])
        }
    }

    @Test("A token file is read and trimmed; it conflicts with a token variable")
    func tokenFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-token-\(UUID())").path
        try "  file-token-xyz\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try CredentialSource.resolve(environment: [:], tokenFile: path) == .apiToken("file-token-xyz"))
        #expect(throws: ConfigurationError.self) {
            try CredentialSource.resolve(environment: ["CLOUDFLARE_API_TOKEN": "t-1234"], tokenFile: path)
        }
        #expect(throws: ConfigurationError.self) { try CredentialSource.resolve(environment: [:], tokenFile: path + ".nope") }
    }

    @Test("Secrets are redacted and never described")
    func redaction() {
        let c = Credentials.apiKey(email: "a@example.com", key: "sekrit-key-123")
        #expect(c.redacted("X-Auth-Key: sekrit-key-123 failed") == "X-Auth-Key: [REDACTED] failed")
        #expect(!c.description.contains("sekrit"))
        #expect(!"\(Credentials.apiToken("tok-987654"))".contains("tok-987654"))
    }

    @Test("Rate budgets parse N/W with units", arguments: [
        ("1080/300s", 1080, 300.0), ("600/60s", 600, 60), ("10/1s", 10, 1), ("1200/5m", 1200, 300), ("5/500ms", 5, 0.5),
    ])
    func rates(text: String, limit: Int, seconds: Double) throws {
        let b = try RateBudget(parsing: text)
        #expect(b.limit == limit)
        #expect(b.window.seconds == seconds)
    }

    @Test("Malformed rates are refused", arguments: ["", "10", "0/1s", "x/1s", "10/0s", "10/-1s", "10/abc"])
    func badRates(text: String) {
        #expect(throws: ConfigurationError.self) { try RateBudget(parsing: text) }
    }
}

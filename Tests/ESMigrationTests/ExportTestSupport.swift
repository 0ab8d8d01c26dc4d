import AsyncHTTPClient
import ESAPI
import ESEmulator
import ESMigration
import ESRecords
import Foundation
import Logging

/// One emulator over real HTTP with a client per account, and a dataset that exercises every field.
enum ExportFixture {
    static let logger = Logger(label: "esmigrate.tests")
    static let token = "made-up-test-token"

    /// Runs `body` with clients for `accounts` on one emulator whose database lives in `directory`.
    static func withAccounts<T: Sendable>(
        _ accounts: [String], directory: URL,
        adjust: @Sendable (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: @Sendable ([EmailSecurityClient<ContinuousClock>]) async throws -> T
    ) async throws -> T {
        var config = EmulatorConfiguration(databasePath: directory.appendingPathComponent("emulator.sqlite").path,
                                           credentials: [EmulatorCredential(.token(token))])
        adjust(&config)
        return try await Emulator.withRunning(config, logger: logger) { baseURL in
            let clients = try accounts.map { account in
                EmailSecurityClient(
                    configuration: try APIConfiguration(
                        baseURL: baseURL, accountID: account, credentials: .apiToken(token),
                        budget: RateBudget(limit: 2000, window: .seconds(1), burst: 100),
                        backoff: Backoff(initial: .milliseconds(5), maximum: .milliseconds(100), multiplier: 2,
                                         jitter: 0.25, maxAttempts: 6),
                        timeout: .seconds(60)),
                    transport: AsyncHTTPClientTransport(client: HTTPClient.shared), clock: ContinuousClock(),
                    logger: logger, jitter: .seeded(7))
            }
            return try await body(clients)
        }
    }

    /// Creates records in all five collections with the awkward values backups must carry: null and empty
    /// comments, commas, quotes, newlines, `|`, non-ASCII, regexes, IPv6 CIDRs, every domain option.
    static func seed(_ c: EmailSecurityClient<ContinuousClock>, extraAllow: Int = 0) async throws {
        let awkward = "quote \" comma , pipe | newline\nand CRLF\r\nend — ünïcødé ✓"
        _ = try await c.batch(BatchRequest<AllowPolicy>(posts: [
            AllowPolicy(pattern: "ceo@example.com", patternType: .email, isTrustedSender: true, verifySender: true),
            AllowPolicy(pattern: "partner.example", patternType: .domain, isAcceptableSender: true, comments: ""),
            AllowPolicy(pattern: "2606:4700::/32", patternType: .ip, isExemptRecipient: true, comments: awkward),
            AllowPolicy(pattern: ".*@news\\.example\\.org", patternType: .email, isRegex: true,
                        isAcceptableSender: true, comments: "  leading and trailing spaces  "),
        ] + (0..<extraAllow).map {
            AllowPolicy(pattern: "bulk\($0)@example.net", patternType: .email, isAcceptableSender: true,
                        comments: $0 % 2 == 0 ? nil : "bulk \($0)")
        }))
        _ = try await c.batch(BatchRequest<BlockedSender>(posts: [
            BlockedSender(pattern: "spam@bad.example", patternType: .email),
            BlockedSender(pattern: "198.51.100.0/24", patternType: .ip, comments: "range, with comma"),
            BlockedSender(pattern: "^.*@(evil|vile)\\.example$", patternType: .email, isRegex: true, comments: awkward),
        ]))
        _ = try await c.batch(BatchRequest<TrustedDomain>(posts: [
            TrustedDomain(pattern: "supplier.example", isRecent: true, comments: "new supplier"),
            TrustedDomain(pattern: "xn--bcher-kva.example", isSimilarity: true),
            TrustedDomain(pattern: ".*\\.partner\\.example", isRegex: true, isRecent: true, isSimilarity: true),
        ]))
        _ = try await c.create(ImpersonationEntry(name: "Jane Doe", email: "jane@example.com", comments: "CEO"))
        _ = try await c.create(ImpersonationEntry(name: "Jörg Müller, CFO", email: "^joerg\\.mueller@example\\.(com|de)$",
                                                  isEmailRegex: true))
        var full = ProtectedDomain(domain: "mail.example.com", allowedDeliveryModes: [.direct, .bcc],
                                   dropDispositions: [.init(rawValue: "MALICIOUS"), .init(rawValue: "SPAM")],
                                   ipRestrictions: ["192.0.2.0/24", "2001:db8::/32"],
                                   regions: [.global, .init(rawValue: "DE")], lookbackHops: 3,
                                   transport: "mx.example.com", folder: .init(rawValue: "Inbox"),
                                   integrationID: "a1b2c3d4-0000-4000-8000-000000000001", requireTLSInbound: true,
                                   requireTLSOutbound: false)
        _ = try await c.create(full)
        full = ProtectedDomain(domain: "bare.example", dropDispositions: [], ipRestrictions: [])
        _ = try await c.create(full)
    }

    /// A backup's records with ids and timestamps (top level and nested) removed, as sorted canonical JSON
    /// per collection: what must survive export → restore → export.
    static func content(of directory: String) throws -> [SettingsCollection: [String]] {
        let manifest = try BackupVerifier.manifest(directory)
        var out: [SettingsCollection: [String]] = [:]
        for entry in manifest.collections {
            let reader = try ExportReaders.make(path: directory + "/" + entry.file, collection: entry.collection,
                                                format: manifest.format)
            var rows: [String] = []
            while let (_, object) = try reader.next() { rows.append(canonical(strip(object))) }
            out[entry.collection] = rows.sorted()
        }
        return out
    }

    static let serverAssigned: Set<String> = ["id", "created_at", "modified_at", "last_modified", "timestamp"]

    static func strip(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs):
            .object(pairs.filter { !serverAssigned.contains($0.key) }.map { ($0.key, strip($0.value)) })
        case .array(let items): .array(items.map(strip))
        default: value
        }
    }

    /// JSON text with object keys sorted at every level.
    static func canonical(_ value: JSONValue) -> String {
        func sorted(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(let pairs): .object(pairs.map { ($0.key, sorted($0.value)) }.sorted { $0.key < $1.key })
            case .array(let items): .array(items.map(sorted))
            default: v
            }
        }
        return sorted(value).jsonText
    }

    static func temp() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

import ESTestSupport
import Foundation
import Testing

/// HTTPS with a CA made for the run and an HTTP CONNECT proxy with credentials, all on 127.0.0.1 in front of
/// `esmigrate serve`: what a user behind a company proxy with TLS inspection sees. The independent facts are
/// the server's counters and the proxy's own log.
@Suite("HTTPS and proxies (end to end)", .serialized)
struct RealNetworkTests {
    static let proxyPassword = "s3cret@proxy"
    static let proxyUser = "alice:" + proxyPassword
    /// The password as a URL writes it (`@` percent-encoded).
    static let proxyURLCredentials = "alice:s3cret%40proxy"

    struct Network {
        var dir: URL
        var server: ServedEmulator
        var net: NetworkFixture
        var input: String

        func environment(account: String, caFile: Bool = true, proxy: String? = nil, noProxy: String? = nil)
            -> [String: String]
        {
            var env = server.environment(account: account)
            env["CLOUDFLARE_BASE_URL"] = "https://127.0.0.1:\(net.httpsPort)/client/v4"
            for name in ["SSL_CERT_FILE", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"] {
                env.removeValue(forKey: name)
            }
            if caFile { env["SSL_CERT_FILE"] = net.caFile }
            if let proxy { env["HTTPS_PROXY"] = proxy }
            if let noProxy { env["NO_PROXY"] = noProxy }
            return env
        }

        var proxyURL: String { "http://\(RealNetworkTests.proxyURLCredentials)@127.0.0.1:\(net.proxyPort)" }

        func stats() async throws -> EmulatorFixture.ServerStats {
            try await EmulatorFixture.stats(server: "http://127.0.0.1:\(server.port)")
        }

        func stop() async {
            await net.stop()
            await server.stop()
        }
    }

    static func network(faults: [String] = [], proxyOptions: [String] = []) async throws -> Network {
        let dir = try NormalizeCommandTests.temp()
        let server = try await ServedEmulator(directory: dir, options: faults)
        let net = try await NetworkFixture(backendPort: server.port, directory: dir.appendingPathComponent("net"),
                                           proxyUser: proxyUser, options: proxyOptions)
        return Network(dir: dir, server: server, net: net, input: try FleetImportTests.blockList(dir, count: 40))
    }

    @Test("Over HTTPS with SSL_CERT_FILE: import and export pass; without it: exit 78 at once, naming the host and SSL_CERT_FILE, nothing sent")
    func tlsTrust() async throws {
        let n = try await Self.network()
        defer { try? FileManager.default.removeItem(at: n.dir) }
        let imported = try await NormalizeCommandTests.run(["import", n.input, "--progress", "none"], cwd: n.dir,
                                                           environment: n.environment(account: "tls1"))
        #expect(imported.status == 0, "\(imported.stderr)")
        let exported = try await NormalizeCommandTests.run(["export", "--out", "backup"], cwd: n.dir,
                                                           environment: n.environment(account: "tls1"))
        #expect(exported.status == 0, "\(exported.stderr)")
        let lines = try String(contentsOf: n.dir.appendingPathComponent("backup/block_senders.jsonl"), encoding: .utf8)
        #expect(lines.split(separator: "\n").count == 40)

        let before = try await n.stats()
        let untrusted = try await NormalizeCommandTests.run(["export", "--out", "never"], cwd: n.dir,
                                                            environment: n.environment(account: "tls1", caFile: false))
        let missingBundle = try await NormalizeCommandTests.run(
            ["export", "--out", "never", "--ca-file", n.dir.appendingPathComponent("no-such-ca.pem").path], cwd: n.dir,
            environment: n.environment(account: "tls1", caFile: false))
        let after = try await n.stats()
        await n.stop()
        #expect(missingBundle.status == 64, "\(missingBundle.stderr)")
        #expect(missingBundle.stderr.contains("no-such-ca.pem is not a readable PEM bundle"), "\(missingBundle.stderr)")
        #expect(untrusted.status == 78, "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("TLS to 127.0.0.1:\(n.net.httpsPort) failed"), "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("not trusted") && untrusted.stderr.contains("SSL_CERT_FILE"), "\(untrusted.stderr)")
        #expect(!untrusted.stderr.contains("retrying") && !untrusted.stderr.contains(".build/"), "\(untrusted.stderr)")
        #expect(after.counters["requests"] == before.counters["requests"], "nothing reached the server")
    }

    @Test("Through the proxy with credentials: the proxy logs the CONNECTs; NO_PROXY goes direct; a wrong password is 78 and never shown")
    func proxy() async throws {
        let n = try await Self.network()
        defer { try? FileManager.default.removeItem(at: n.dir) }
        let through = try await NormalizeCommandTests.run(["import", n.input, "--progress", "none"], cwd: n.dir,
                                                          environment: n.environment(account: "px1", proxy: n.proxyURL))
        #expect(through.status == 0, "\(through.stderr)")
        let tunnels = n.net.proxyLog
        #expect(!tunnels.isEmpty && tunnels.allSatisfy { $0 == "CONNECT 127.0.0.1:\(n.net.httpsPort) 200" }, "\(tunnels)")
        #expect((try await n.stats()).answers(status: 200) >= 1)

        // NO_PROXY names the host: the (wrong-password) proxy is not asked at all.
        let wrong = "http://alice:wrong@127.0.0.1:\(n.net.proxyPort)"
        let direct = try await NormalizeCommandTests.run(["export", "--out", "direct"], cwd: n.dir,
                                                         environment: n.environment(account: "px1", proxy: wrong,
                                                                                    noProxy: "example.com, 127.0.0.1"))
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(n.net.proxyLog.count == tunnels.count, "NO_PROXY went through the proxy: \(n.net.proxyLog)")

        let refused = try await NormalizeCommandTests.run(["export", "--out", "refused"], cwd: n.dir,
                                                          environment: n.environment(account: "px1", proxy: wrong))
        await n.stop()
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("407") && refused.stderr.contains("HTTPS_PROXY"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("wrong") && !refused.stderr.contains(Self.proxyPassword), "\(refused.stderr)")
        #expect(n.net.proxyLog.last == "CONNECT 127.0.0.1:\(n.net.httpsPort) 407")
        #expect(!FileManager.default.fileExists(atPath: n.dir.appendingPathComponent("refused").path))
    }

    /// The server drops answers after committing and answers 429s; through TLS and the proxy the import still
    /// creates each record exactly once (the server's own count), and a second run changes nothing.
    @Test("Faults through HTTPS and the proxy: exactly once")
    func faultsThroughProxy() async throws {
        let n = try await Self.network(faults: ["--faults", "drop=15,429=10,reset=5", "--seed", "7"])
        defer { try? FileManager.default.removeItem(at: n.dir) }
        let env = n.environment(account: "fx1", proxy: n.proxyURL)
        let first = try await NormalizeCommandTests.run(["import", n.input, "--batch", "off", "--progress", "none",
                                                         "--rate", "2000/1s"], cwd: n.dir, environment: env)
        var status = first.status
        var runs = 1
        while status == 75, runs < 5 {      // a run that ends with work remaining resumes from its journal
            status = try await NormalizeCommandTests.run(["import", n.input, "--batch", "off", "--progress", "none",
                                                          "--rate", "2000/1s"], cwd: n.dir, environment: env).status
            runs += 1
        }
        #expect(status == 0, "seed 7: \(first.stderr)")
        // What the server holds, read back through the same path: every record once, none twice.
        let exported = try await NormalizeCommandTests.run(["export", "--out", "after"], cwd: n.dir, environment: env)
        let stats = try await n.stats()
        await n.stop()
        #expect(exported.status == 0, "seed 7: \(exported.stderr)")
        let patterns = try String(contentsOf: n.dir.appendingPathComponent("after/block_senders.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .compactMap { $0?["pattern"] as? String }
        #expect(patterns.count == 40 && Set(patterns).count == 40, "seed 7: \(patterns.count) records")
        #expect(stats.answers(status: 429) > 0, "seed 7: faults were injected: \(stats.endpoints)")
        #expect(n.net.proxyLog.allSatisfy { $0.hasSuffix(" 200") })
    }

    /// A proxy that reads the CONNECT and closes the connection cannot be told from a lost connection: it is
    /// retried a bounded number of times, each retry logged, and the error names the proxy (exit 75).
    @Test("A proxy that drops the CONNECT: bounded, logged retries, then exit 75 naming the proxy, never its password")
    func droppedConnect() async throws {
        let n = try await Self.network(proxyOptions: ["--drop-connect"])
        defer { try? FileManager.default.removeItem(at: n.dir) }
        let r = try await NormalizeCommandTests.run(["export", "--out", "never"], cwd: n.dir,
                                                    environment: n.environment(account: "dc1", proxy: n.proxyURL))
        let stats = try await n.stats()
        await n.stop()
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("through the proxy http://127.0.0.1:\(n.net.proxyPort)"), "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "retrying").count - 1 <= 5, "\(r.stderr)")
        #expect(!r.stderr.contains(Self.proxyPassword) && !r.stderr.contains("s3cret"), "\(r.stderr)")
        #expect(n.net.proxyLog.allSatisfy { $0.hasSuffix(" dropped") } && !n.net.proxyLog.isEmpty)
        #expect((stats.counters["requests"] ?? 0) == 0, "nothing reached the server")
    }
}

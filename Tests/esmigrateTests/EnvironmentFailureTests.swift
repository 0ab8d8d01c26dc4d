import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Environment failures are not bugs (issue 9): each gets its documented exit code and a message that says
/// what to do, with the path; secrets and terminal control bytes never reach stderr.
@Suite("Environment failures and hostile input through the CLI", .serialized)
struct EnvironmentFailureTests {
    typealias CLI = NormalizeCommandTests

    /// A port that refuses connections: bound by a socket that never listens and is held for the life of the
    /// test process, so no server started by another test can take it over (a released port can be).
    static let refusingPort: Int = {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }()

    static func closedPort() throws -> Int { refusingPort }

    static func unreachableEnvironment() throws -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CLOUDFLARE_API_TOKEN"] = "made-up-token-1234"
        env["CLOUDFLARE_ACCOUNT_ID"] = "acc1"
        env["CLOUDFLARE_BASE_URL"] = "http://127.0.0.1:\(try closedPort())/client/v4"
        for k in ["CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_API_USER_SERVICE_KEY"] { env.removeValue(forKey: k) }
        return env
    }

    static func hiddenEntries(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".") && $0 != ".esmigrate" }
    }

    @Test("An unreachable API fails in seconds with 'cannot reach' and exit 75, showing each retry")
    func unreachable() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await CLI.run(["export", "--out", "b"], cwd: dir, environment: try Self.unreachableEnvironment())
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("cannot reach http://127.0.0.1:"), "\(r.stderr)")
        #expect(r.stderr.contains("connection refused"))
        // Fails in seconds: each attempt is refused at once (none waits for the connect timeout, which would say
        // so), and the logged waits between attempts are short. Not a wall-clock bound, which a loaded machine
        // breaks (12 s to 35 s seen on 2 cores).
        let retries = r.stderr.split(separator: "\n").filter { $0.contains("retrying in") }
        #expect(retries.count == 3, "\(r.stderr)")
        #expect(retries.allSatisfy { $0.contains("connection refused") }, "\(retries)")
        let waited = retries.compactMap { line -> Double? in
            guard let at = line.range(of: "retrying in ") else { return nil }
            return Double(line[at.upperBound...].prefix { $0 != " " })
        }.reduce(0, +)
        #expect(waited < 10, "the waits add up to \(waited) s")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b").path))
        #expect(Self.hiddenEntries(dir).isEmpty)
    }

    @Test("A credential with a line break is a usage error naming the variable, never its value", arguments: [
        "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_USER_SERVICE_KEY",
    ])
    func credentialWithLineBreak(variable: String) async throws {
        var env = try Self.unreachableEnvironment()
        env.removeValue(forKey: "CLOUDFLARE_API_TOKEN")
        env[variable] = "abcsecret\r\nX-Injected: 1"
        let r = try await CLI.run(["export", "--out", "b"], environment: env)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(variable))
        #expect(!r.stderr.contains("abcsecret") && !r.stderr.contains("X-Injected"), "\(r.stderr)")
        #expect(!r.stderr.contains("retrying"), "a request was attempted: \(r.stderr)")
    }

    @Test("--out that cannot be a backup folder is refused before any request", arguments: ["file", "dangling", "empty"])
    func badOut(kind: String) async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        var out = ""
        switch kind {
        case "file":
            try "not a folder".write(to: dir.appendingPathComponent("plain.txt"), atomically: true, encoding: .utf8)
            out = "plain.txt/backup"
        case "dangling":
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path,
                                                       withDestinationPath: dir.appendingPathComponent("nowhere").path)
            out = "link"
        default:
            out = ""
        }
        let r = try await CLI.run(["export", "--out", out], cwd: dir, environment: try Self.unreachableEnvironment())
        #expect(r.status == (kind == "empty" ? 64 : 73), "\(r.stderr)")
        #expect(!r.stderr.contains("cannot reach"), "work started before the output was checked: \(r.stderr)")
        #expect(Self.hiddenEntries(dir).isEmpty)
    }

    @Test("A full disk during export exits 74 with the folder and what to do; nothing is left behind",
          arguments: ["jsonl", "csv", "xml"])
    func exportDiskFull(format: String) async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let env = server.environment(account: "full\(format)")
        try await BackupCommandTests.importSamples(env, in: dir)
        let r = try await CLI.runLimited(fileSizeKiB: 4, ["export", "--out", "backup", "--format", format], cwd: dir,
                                         environment: env)
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("writing the backup failed"), "\(r.stderr)")
        #expect(r.stderr.contains(".backup.partial-"))
        // No raw library line (libxml2's "I/O error : write error"): every line is esmigrate's own.
        for line in r.stderr.split(separator: "\n") {
            #expect(line.hasPrefix("esmigrate: ") || line.hasPrefix("  "), "a raw line: \(line)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("backup").path))
        #expect(Self.hiddenEntries(dir).isEmpty, "\(Self.hiddenEntries(dir))")
        await server.stop()
    }

    @Test("A journal that cannot be written exits 75 with the resume hint, and the resume completes")
    func journalDiskFull() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let env = server.environment(account: "journalfull")
        let input = BackupCommandTests.samples.appendingPathComponent("area1-allowed-patterns.csv").path
        let args = ["import", input, "--journal", "j.sqlite", "--progress", "none"]
        let full = try await CLI.runLimited(fileSizeKiB: 8, args, cwd: dir, environment: env)
        #expect(full.status == 75, "\(full.stderr)")
        // The plan is staged beside the journal first (j.sqlite.plan), then journaled: either may hit the limit.
        #expect(full.stderr.contains("the journal j.sqlite could not be written")
                    || full.stderr.contains("the plan database j.sqlite.plan could not be written"), "\(full.stderr)")
        #expect(full.stderr.contains("run the same command again to resume"))
        let resumed = try await CLI.run(args, cwd: dir, environment: env)
        #expect(resumed.status == 65, "\(resumed.stderr)")     // the sample has rejected rows
        let again = try await CLI.run(["plan", input], cwd: dir, environment: env)
        #expect(again.status == 0, "after the resume nothing is left to change: \(again.stderr)")
        await server.stop()
    }

    @Test("A damaged journal is named, with what to do (exit 74); a missing one is said to be missing (exit 66)")
    func damagedAndMissingJournal() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(repeating: 0x5A, count: 8192).write(to: dir.appendingPathComponent("bad.sqlite"))
        let status = try await CLI.run(["status", "--journal", "bad.sqlite"], cwd: dir)
        #expect(status.status == 74, "\(status.stderr)")
        #expect(status.stderr.contains("bad.sqlite is not an esmigrate journal, or it is damaged"))
        let input = BackupCommandTests.samples.appendingPathComponent("area1-allowed-patterns.csv").path
        let imported = try await CLI.run(["import", input, "--journal", "bad.sqlite", "--sandbox", "--progress", "none"],
                                         cwd: dir)
        #expect(imported.status == 74, "\(imported.stderr)")
        #expect(imported.stderr.contains("Move it aside"))
        let missing = try await CLI.run(["status", "--journal", "missing.sqlite"], cwd: dir)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("missing.sqlite: no such journal"))
    }

    @Test("normalize --out on a full device exits 74 with the path")
    func normalizeOutputFull() async throws {
        let input = BackupCommandTests.samples.appendingPathComponent("area1-allowed-patterns.csv").path
        let r = try await CLI.run(["normalize", input, "--out", "/dev/full"])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("/dev/full"))
    }

    @Test("normalize outputs in a missing folder exit 73 (cannot create) with the path, not 66 (input missing)",
          arguments: ["--out", "--report", "--rejects"])
    func normalizeOutputMissingFolder(option: String) async throws {
        let input = BackupCommandTests.samples.appendingPathComponent("area1-allowed-patterns.csv").path
        let target = "/no/such/dir/x"
        let r = try await CLI.run(["normalize", input, option, target])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains(target), "\(r.stderr)")
        #expect(r.stderr.contains("cannot create"), "\(r.stderr)")
    }

    @Test("SIGINT and SIGTERM stop an export: exit 130/143, no staging folder, no backup", arguments: ["INT", "TERM"])
    func exportSignals(signal: String) async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--latency", "1s"])
        // The event: the first collection is staged (5 list requests of 1 s each), so the export is under way
        // with its staging folder on disk; the signal goes then, whatever the machine's speed.
        let trigger = ChildProcess.LineTrigger(marker: #""event":"collection""#, count: 1,
                                               signal: signal == "INT" ? SIGINT : SIGTERM)
        let child = try ChildProcess(["export", "--out", "backup", "--progress", "json"], cwd: dir,
                                     environment: server.environment(account: "signals"), trigger: trigger)
        let status = await child.exited()
        #expect(trigger.fired, "the export finished before the signal")
        #expect(status == (signal == "INT" ? 130 : 143))
        #expect(!child.diedOfSignal, "esmigrate must handle the signal and exit by itself")
        // The requests the signal cancelled are not network failures to retry.
        #expect(!trigger.lines.contains { $0.contains("retrying") || $0.contains("CancellationError") },
                "\(trigger.lines)")
        #expect(Self.hiddenEntries(dir).isEmpty, "\(Self.hiddenEntries(dir))")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("backup").path))
        await server.stop()
    }

    @Test("Terminal control bytes in an unknown header are escaped, and a huge binary input echoes little")
    func controlBytesInMessages() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("Sender\u{1B}]0;PWNED\u{07}X,Foo\nx,y\n".utf8).write(to: dir.appendingPathComponent("odd.csv"))
        let odd = try await CLI.run(["normalize", "odd.csv"], cwd: dir)
        #expect(odd.status == 64)
        #expect(!odd.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(odd.stderr)")
        #expect(odd.stderr.contains(#"\u{1B}]0;PWNED"#))
        let nul = dir.appendingPathComponent("nul.csv")
        try Data(count: 20 << 20).write(to: nul)
        let big = try await CLI.run(["normalize", "nul.csv"], cwd: dir)
        #expect(big.status != 0 && big.status != 1, "\(big.stderr.prefix(300))")
        #expect(big.stderr.utf8.count < 4096)
        #expect(!big.stderr.utf8.contains(0))
    }
}

/// Issue 10: credentials are resolved before any input is read, and a refused one is exit 77 (EX_NOPERM).
@Suite("Refused credentials", .serialized)
struct RefusedCredentialTests {
    typealias CLI = NormalizeCommandTests

    static func input(_ dir: URL) throws -> String {
        let path = dir.appendingPathComponent("in.csv").path
        try "Blocked_Sender, Notes\nspam@example.com, x\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("A wrong token is exit 77 naming the account and the credential kind, never the token; nothing is written")
    func wrongToken() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let input = try Self.input(dir)
        var env = server.environment(account: "acc1")
        env["CLOUDFLARE_API_TOKEN"] = "made-up-wrong-token-77"
        for command in [["import", input], ["plan", input], ["export", "--out", "b"]] {
            let r = try await CLI.run(command, cwd: dir, environment: env)
            #expect(r.status == 77, "\(command[0]): \(r.stderr)")
            #expect(r.stderr.contains("API token") && r.stderr.contains("account acc1"), "\(command[0]): \(r.stderr)")
            #expect(!r.stderr.contains("made-up-wrong-token-77"))
        }
        // The server's own view: nothing was created.
        let list = try await CLI.run(["plan", input], cwd: dir, environment: server.environment(account: "acc1"))
        #expect(list.status == 2 && list.stderr.contains("1 changes pending"), "\(list.stderr)")
        await server.stop()
    }

    @Test("A token without access to the account is exit 77 saying it has no permission")
    func otherAccount() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--token", "made-up-bound-token@acc1"])
        let input = try Self.input(dir)
        var env = server.environment(account: "acc2")
        env["CLOUDFLARE_API_TOKEN"] = "made-up-bound-token"
        let r = try await CLI.run(["import", input], cwd: dir, environment: env)
        await server.stop()
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains("no permission for account acc2"), "\(r.stderr)")
    }

    @Test("Credentials are resolved before inputs are read: no credential and a missing file is 64, not 66")
    func credentialsFirst() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        var env = ProcessInfo.processInfo.environment
        for k in ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_API_USER_SERVICE_KEY"] {
            env.removeValue(forKey: k)
        }
        env["CLOUDFLARE_ACCOUNT_ID"] = "acc1"
        for command in ["import", "plan"] {
            let r = try await CLI.run([command, "no-such-file.csv"], cwd: dir, environment: env)
            #expect(r.status == 64, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("CLOUDFLARE_API_TOKEN"), "\(command): \(r.stderr)")
            #expect(!r.stderr.contains("no-such-file"), "\(command) read its input first: \(r.stderr)")
        }
    }
}

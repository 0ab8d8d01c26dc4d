import Foundation
import Testing

/// `--log-format json` keeps one JSON object per stderr line in every scenario that once broke it: a file name
/// with a bidi override (escaped Swift's way, `\u{202E}`, which is not JSON), argument-parser's own usage
/// errors (plain text), and libxml2's raw `I/O error` lines on a full disk.
@Suite("JSON logs in hostile scenarios (end to end)")
struct JSONLogTests {
    typealias CLI = NormalizeCommandTests

    /// Every stderr line parsed by Foundation's JSON parser (not ours); returns the objects.
    static func objects(_ stderr: String, _ scenario: String) -> [[String: Any]] {
        var out: [[String: Any]] = []
        for line in stderr.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                Issue.record("\(scenario): not a JSON object: \(line)")
                continue
            }
            out.append(object)
        }
        return out
    }

    @Test("A file name with U+202E and control characters: valid JSON lines, the name kept as JSON escapes")
    func bidiFileName() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = "evil\u{202E}vsc.\u{1B}[2Jname.csv"
        try "Blocked_Sender, Notes\nbad@@example.com, x\n".write(to: dir.appendingPathComponent(name), atomically: true,
                                                                 encoding: .utf8)
        let r = try await CLI.run(["normalize", name, "--out", "/dev/null", "--log-format", "json"], cwd: dir)
        #expect(r.status == 65, "\(r.stderr)")
        let objects = Self.objects(r.stderr, "bidi name")
        #expect(objects.contains { ($0["message"] as? String)?.contains(name) == true }, "the name reads back whole")
        #expect(!r.stderr.contains("\u{202E}") && !r.stderr.contains("\u{1B}"), "raw control or bidi character written")
    }

    @Test("argument-parser's usage errors are one JSON object each (flag or environment), with exit 64",
          arguments: [true, false])
    func usageErrors(flag: Bool) async throws {
        var env = ProcessInfo.processInfo.environment
        if !flag { env["ESMIGRATE_LOG_FORMAT"] = "json" }
        for arguments in [["normalize"], ["export", "--bogus"], ["import", "x.csv", "--batch", "sideways"]] {
            let r = try await CLI.run(arguments + (flag ? ["--log-format", "json"] : []), environment: env)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
            let objects = Self.objects(r.stderr, "\(arguments)")
            #expect(objects.count == 1 && objects.first?["level"] as? String == "error", "\(arguments): \(r.stderr)")
        }
    }

    @Test("An XML export on a full disk: every line JSON, no raw libxml2 line")
    func xmlDiskFull() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let env = server.environment(account: "jsonfull")
        try await BackupCommandTests.importSamples(env, in: dir)
        let r = try await CLI.runLimited(fileSizeKiB: 4, ["export", "--out", "backup", "--format", "xml",
                                                          "--log-format", "json"], cwd: dir, environment: env)
        await server.stop()
        #expect(r.status == 74, "\(r.stderr)")
        let objects = Self.objects(r.stderr, "xml disk full")
        #expect(!r.stderr.contains("I/O error :"), "\(r.stderr)")
        #expect(objects.contains { $0["level"] as? String == "error" })
    }
}

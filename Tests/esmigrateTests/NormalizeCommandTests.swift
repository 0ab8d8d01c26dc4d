import ESTestSupport
import Foundation
import Testing

/// End-to-end: the real `esmigrate` binary, real files, real exit codes.
@Suite("esmigrate normalize (end to end)")
struct NormalizeCommandTests {
    /// The built executable, next to the test bundle.
    static let executable = ChildProcess.esmigrate

    /// The shared fixtures, from the ESReaders test resources in the source tree.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ESReadersTests/Fixtures")

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `esmigrate arguments` to its exit. Output goes to files, not pipes: nothing blocks on a full pipe,
    /// and no thread waits (see `ChildProcess`).
    /// Runs esmigrate with a file-size limit of `blocks` KiB (`ulimit -f`, SIGXFSZ ignored): writes past it
    /// fail with EFBIG, as on a full disk, without root or a small filesystem.
    static func runLimited(fileSizeKiB blocks: Int, _ arguments: [String], cwd: URL? = nil,
                           environment: [String: String]? = nil) async throws -> Run {
        try await run([#"ulimit -f "$0"; trap '' XFSZ; exec "$@""#, String(blocks), executable.path] + arguments,
                      cwd: cwd, environment: environment, executable: URL(fileURLWithPath: "/bin/bash"), shell: true)
    }

    static func run(_ arguments: [String], cwd: URL? = nil, environment: [String: String]? = nil,
                    executable: URL? = nil, shell: Bool = false) async throws -> Run {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-run-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out"), errURL = base.appendingPathExtension("err")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let status: Int32
        do {
            defer {
                try? out.close()
                try? err.close()
            }
            let child = try ChildProcess(shell ? ["-c"] + arguments : arguments, cwd: cwd, environment: environment,
                                         stdout: out, stderr: err, executable: executable)
            status = await child.exited()
        }
        return Run(status: status, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func temp() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test("Exit 0 when nothing is rejected; records go to stdout with --out -")
    func clean() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ok.csv")
        try "Blocked_Sender, Notes\nbad@example.com, phish\n198.51.100.7, bot\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await Self.run(["normalize", file.path, "--out", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try Self.jsonLines(r.stdout)
        #expect(records.count == 2)
        #expect(records[0]["collection"] as? String == "block_senders")
        #expect(records[1]["pattern_type"] as? String == "IP")
        #expect(r.stderr.contains("dialect area1-block (auto-detected)"))
        #expect(r.stderr.contains("items 2 = ok 2 + duplicate 0 + skipped 0 + rejected 0"))
    }

    @Test("Exit 65 with rejected rows; the report has every item with its file")
    func rejected() async throws {
        let fixture = Self.fixtures.appendingPathComponent("area1-allowed-patterns.csv").path
        let r = try await Self.run(["normalize", fixture, "--report", "-"])
        #expect(r.status == 65)
        let report = try Self.jsonLines(r.stdout)
        #expect(report.count == 28)
        #expect(report.allSatisfy { $0["file"] as? String == fixture })
        #expect(r.stderr.contains("items 28 = ok 17 + duplicate 2 + skipped 2 + rejected 7"))
        #expect(r.stderr.contains("rejected by reason:"))
    }

    @Test("Exit 66 for a missing file, 64 for an unknown dialect or an undetectable file")
    func usageAndMissing() async throws {
        #expect(try await Self.run(["normalize", "/nonexistent/list.csv"]).status == 66)
        #expect(try await Self.run(["normalize", "x.csv", "--dialect", "nope"]).status == 64)
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("odd.csv")
        try "Foo,Bar\n1,2\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await Self.run(["normalize", file.path])
        #expect(r.status == 64)
        #expect(r.stderr.contains("cannot tell the dialect"))
        #expect(r.stderr.contains("\(file.path):1:"))
    }

    @Test("Unsafe XML exits 65 with the reason")
    func unsafeXML() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x.xml")
        try #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><senderLists/>"#.write(to: file, atomically: true, encoding: .utf8)
        let r = try await Self.run(["normalize", file.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("entity declarations are refused"))
    }

    @Test("Rejects files keep the source format and read back to the same rejections", arguments: [
        "area1-allowed-patterns.csv", "cloudflare-legacy-api-dump.jsonl", "generic-sender-lists.xml",
        "dialects/proofpoint-essentials.csv", "dialects/cisco-esa-config.xml", "dialects/m365-tabl.csv",
        "wave2/m365-eop-policies.json", "wave2/mimecast-blocked-senders-policies.json", "wave2/spamassassin-local.cf",
        "wave2/symantec-allowed-blocked-senders.txt", "dialects/m365-eop-pwsh7-utf16.json",
        "dialects/mimecast-data-array-and-managed.jsonl", "dialects/symantec-concatenated-exports.txt",
    ])
    func rejectsRoundTrip(fixture: String) async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = Self.fixtures.appendingPathComponent(fixture).path
        let ext = (fixture as NSString).pathExtension
        let rejects = dir.appendingPathComponent("rejects.\(ext)").path
        let first = try await Self.run(["normalize", source, "--report", dir.appendingPathComponent("r1.jsonl").path,
                                        "--rejects", rejects])
        #expect(first.status == 65)
        let firstReport = try Self.jsonLines(String(contentsOfFile: dir.appendingPathComponent("r1.jsonl").path, encoding: .utf8))
        let reasons = try Self.jsonLines(String(contentsOfFile: rejects + ".reasons.jsonl", encoding: .utf8))
        let rejectedFirst = firstReport.filter { $0["status"] as? String == "rejected" && $0["reason"] as? String != "malformed_xml" }
        #expect(reasons.count == firstReport.filter { $0["status"] as? String == "rejected" }.count)

        let second = try await Self.run(["normalize", rejects, "--report", dir.appendingPathComponent("r2.jsonl").path])
        let secondReport = try Self.jsonLines(String(contentsOfFile: dir.appendingPathComponent("r2.jsonl").path, encoding: .utf8))
        let rejectedSecond = secondReport.filter { $0["status"] as? String == "rejected" }
        #expect(rejectedSecond.map { $0["reason"] as? String } == rejectedFirst.map { $0["reason"] as? String },
                "\(second.stderr)")
    }

    @Test("Postfix and Forcepoint rejects read back with the dialect named (their lines cannot show it)",
          arguments: [("wave2/postfix-sender_access", "postfix-access"), ("dialects/postfix-client_access.cidr", "postfix-access"),
                      ("wave2/forcepoint-allowlist-download.csv", "forcepoint-allow"),
                      ("dialects/forcepoint-blocklist-applyto.csv", "forcepoint-block")])
    func rejectsRoundTripNamed(fixture: String, dialect: String) async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = Self.fixtures.appendingPathComponent(fixture).path
        let rejects = dir.appendingPathComponent("rejects").path
        let first = try await Self.run(["normalize", source, "--dialect", dialect, "--report",
                                        dir.appendingPathComponent("r1.jsonl").path, "--rejects", rejects])
        #expect(first.status == 65)
        let firstReport = try Self.jsonLines(String(contentsOfFile: dir.appendingPathComponent("r1.jsonl").path, encoding: .utf8))
        _ = try await Self.run(["normalize", rejects, "--dialect", dialect, "--report", dir.appendingPathComponent("r2.jsonl").path])
        let secondReport = try Self.jsonLines(String(contentsOfFile: dir.appendingPathComponent("r2.jsonl").path, encoding: .utf8))
        let reasons = { (r: [[String: Any]]) in r.filter { $0["status"] as? String == "rejected" }.map { $0["reason"] as? String } }
        #expect(reasons(secondReport) == reasons(firstReport))
    }

    @Test("--map reads a CSV no dialect knows; --help teaches the dialects")
    func mapAndHelp() async throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("custom.csv")
        try "Who;Why\nbad@example.com;phish\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await Self.run(["normalize", file.path, "--collection", "block_senders", "--map", "pattern=Who",
                                    "--map", "comments=Why", "--out", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.jsonLines(r.stdout).first?["comments"] as? String == "phish")
        let help = try await Self.run(["normalize", "--help"])
        #expect(help.status == 0)
        for name in ["area1-allow", "m365-tabl", "proofpoint-essentials", "barracuda", "cisco-esa", "generic-xml",
                     "cloudflare-jsonl", "dashboard-allow", "m365-eop-json", "mimecast-policy-json", "spamassassin-cf",
                     "symantec-senders", "postfix-access", "forcepoint-allow", "forcepoint-block"] {
            #expect(help.stdout.contains(name))
        }
    }

    /// Before, `normalize <(cat policies.json) --dialect m365-eop-json` said `items 0` and exited 0 for a file
    /// of 25 items, and SpamAssassin's removals were lost. The process substitution is bash's own.
    @Test("A two-pass dialect read from a pipe is refused (66) with what to do; never 0 items for a non-empty input",
          arguments: [("wave2/m365-eop-policies.json", "m365-eop-json"),
                      ("wave2/mimecast-blocked-senders-policies.json", "mimecast-policy-json"),
                      ("wave2/spamassassin-local.cf", "spamassassin-cf")])
    func twoPassFromPipe(fixture: String, dialect: String) async throws {
        let source = Self.fixtures.appendingPathComponent(fixture).path
        for named in [true, false] {
            let script = #"f="$1"; shift; exec "$0" normalize <(cat "$f") "$@""#
            let r = try await Self.run([script, Self.executable.path, source] + (named ? ["--dialect", dialect] : []),
                                       executable: URL(fileURLWithPath: "/bin/bash"), shell: true)
            #expect(r.status == 66, "\(dialect) named \(named): \(r.stderr)")
            #expect(r.stderr.contains("is a pipe, which can be read only once") && r.stderr.contains("save it to a file"),
                    "\(r.stderr)")
        }
        let file = try await Self.run(["normalize", source, "--dialect", dialect])
        #expect(file.status != 66, "the same file by name is read: \(file.stderr)")
    }
}

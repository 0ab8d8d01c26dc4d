import ESTestSupport
import Foundation
import Testing

/// What the commands write for scripts, byte for byte: `normalize --report`, `plan --plan-out` (create and
/// sync) and `import --report`, on the sandbox in a fresh folder. Live ids are random, so they are masked;
/// everything else is fixed (`ESMIGRATE_UPDATE_GOLDEN=1` rewrites the files for review).
@Suite("Golden command outputs", .serialized)
struct GoldenCommandTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let fixture = "area1-allowed-patterns.csv"

    static func check(_ text: String, _ name: String) {
        let problem = Golden.check(text, against: golden.appendingPathComponent(name))
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// `text` with every UUID written `<id>`.
    static func maskingIDs(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "<id>",
                                  options: .regularExpression)
    }

    @Test("normalize --report of the Area 1 allow-list fixture")
    func normalizeReport() async throws {
        let r = try await NormalizeCommandTests.run(["normalize", Self.fixture, "--report", "-"],
                                                    cwd: NormalizeCommandTests.fixtures)
        #expect(r.status == 65, "\(r.stderr)")
        Self.check(r.stdout, "normalize-report.jsonl")
    }

    @Test("plan --plan-out on an empty account, import --report, then plan --mode sync of an edited list")
    func planImportPlan() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = NormalizeCommandTests.fixtures.appendingPathComponent(Self.fixture)
        try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent("allow.csv"))

        let plan = try await NormalizeCommandTests.run(["plan", "--sandbox", "allow.csv", "--plan-out", "-"], cwd: dir)
        #expect(plan.status == 2, "\(plan.stderr)")
        Self.check(plan.stdout, "plan-create.jsonl")

        let imported = try await NormalizeCommandTests.run(
            ["import", "--sandbox", "allow.csv", "--report", "report.json", "--progress", "none"], cwd: dir)
        #expect(imported.status == 65, "rejected rows: \(imported.stderr)")
        Self.check(try String(contentsOf: dir.appendingPathComponent("report.json"), encoding: .utf8),
                   "import-report.json")

        // The edited list: the first two entries gone (deletes under sync), the third's note changed (update).
        // The fixture ends its lines with CRLF, a single Character in Swift: split on any line break.
        var lines = try String(contentsOf: source, encoding: .utf8).split(whereSeparator: \.isNewline)
        lines[3] = Substring(lines[3].replacingOccurrences(of: "user-reported phish mailbox", with: "phish reports"))
        lines.removeSubrange(1...2)
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("edited.csv"), atomically: true,
                                                encoding: .utf8)
        let sync = try await NormalizeCommandTests.run(
            ["plan", "--sandbox", "edited.csv", "--mode", "sync", "--plan-out", "-"], cwd: dir)
        #expect(sync.status == 2, "\(sync.stderr)")
        Self.check(Self.maskingIDs(sync.stdout), "plan-sync.jsonl")
    }

    @Test("--log-format json: every stderr line is a JSON object (time, level, message, metadata), errors included")
    func jsonLogLines() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: NormalizeCommandTests.fixtures.appendingPathComponent(Self.fixture),
                                         to: dir.appendingPathComponent("allow.csv"))
        // A run with tables and an error (a second input that does not exist: exit 66).
        let r = try await NormalizeCommandTests.run(["normalize", "allow.csv", "missing.csv", "--out", "/dev/null",
                                                     "--log-format", "json"], cwd: dir)
        #expect(r.status == 66, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        var masked: [String] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object.map { Set($0.keys) } == ["time", "level", "message", "metadata"], "\(line)")
            let time = object?["time"] as? String ?? ""
            #expect(ISO8601DateFormatter.withFractionalSeconds.date(from: time) != nil, "\(time)")
            masked.append(line.replacingOccurrences(of: time, with: "<time>"))
        }
        #expect(lines.contains { $0.contains(#""level":"error""#) }, "the exit's reason is a JSON error line")
        Self.check(masked.joined(separator: "\n") + "\n", "log-json-normalize.jsonl")
    }
}

extension GoldenCommandTests {
    @Test("--metrics-file: the Prometheus text of an export and of a failed import (times masked)")
    func metricsFile() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: NormalizeCommandTests.fixtures.appendingPathComponent(Self.fixture),
                                         to: dir.appendingPathComponent("allow.csv"))
        // An import with rejected rows (exit 65), then an export of what it created.
        let imported = try await NormalizeCommandTests.run(["import", "allow.csv", "--sandbox", "--progress", "none",
                                                            "--metrics-file", "import.prom"], cwd: dir)
        #expect(imported.status == 65, "\(imported.stderr)")
        let exported = try await NormalizeCommandTests.run(["export", "--sandbox", "--out", "backup",
                                                            "--metrics-file", "export.prom"], cwd: dir)
        #expect(exported.status == 0, "\(exported.stderr)")
        func masked(_ name: String) throws -> String {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard !line.hasPrefix("#"), line.contains("timestamp_seconds") || line.contains("duration_seconds"),
                      let space = line.lastIndex(of: " ") else { return String(line) }
                return line[..<space] + " <time>"
            }.joined(separator: "\n")
        }
        Self.check(try masked("import.prom"), "metrics-import.prom")
        Self.check(try masked("export.prom"), "metrics-export.prom")
        // Independent facts: the export's records and bytes are the manifest's.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("backup/manifest.json")))
            as? [String: Any]
        let entries = manifest?["collections"] as? [[String: Any]] ?? []
        let bytes = entries.compactMap { $0["bytes"] as? Int }.reduce(0, +)
        #expect(try masked("export.prom").contains("esmigrate_last_run_bytes_written{command=\"export\"} \(bytes).0"))
    }
}

extension ISO8601DateFormatter {
    /// Parses `2026-11-29T02:57:15.673Z`.
    nonisolated(unsafe) static let withFractionalSeconds: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}

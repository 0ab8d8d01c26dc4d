import Foundation
import Testing

/// `plan`, `import` and `status` end to end: the real binary, `--sandbox`, a scratch working directory.
@Suite("esmigrate plan / import / status (end to end, sandbox)")
struct ImportCommandTests {
    typealias Run = NormalizeCommandTests.Run

    static func run(_ args: [String], in dir: URL) async throws -> Run {
        try await NormalizeCommandTests.run(args, cwd: dir)
    }

    @Test("plan exits 2 with changes; import exits 65 for rejected rows but imports the rest; a re-run sends nothing")
    func rehearsal() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = NormalizeCommandTests.fixtures.appendingPathComponent("area1-allowed-patterns.csv").path

        let plan = try await Self.run(["plan", input, "--sandbox", "--plan-out", "plan.jsonl"], in: dir)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stderr.contains("17 changes pending"))
        let decisions = try String(contentsOf: dir.appendingPathComponent("plan.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        // The file's 2 repeated rows (R34) are decided by the planner too: duplicates of their first line.
        #expect(decisions.count == 19)
        let duplicates = decisions.filter { $0.contains(#""action":"duplicate""#) }
        #expect(duplicates.count == 2 && duplicates.allSatisfy { $0.contains("also at ") }, "\(duplicates)")

        // The dry run exits as the run does (one rule): 65 for the rejected rows, though changes are pending.
        let dry = try await Self.run(["import", input, "--sandbox", "--dry-run"], in: dir)
        #expect(dry.status == 65, "\(dry.stderr)")
        #expect(dry.stderr.contains("input rows were rejected"), "\(dry.stderr)")

        let first = try await Self.run(["import", input, "--sandbox"], in: dir)
        #expect(first.status == 65, "\(first.stderr)")       // 7 rows of the file are rejected by normalization
        #expect(first.stderr.contains("done 17"))

        let again = try await Self.run(["import", input, "--sandbox"], in: dir)
        #expect(again.stderr.contains("write requests 0"))

        let replan = try await Self.run(["plan", input, "--sandbox", "--mode", "upsert"], in: dir)
        #expect(replan.status == 0, "\(replan.stderr)")
        #expect(replan.stderr.contains("nothing to change"))

        let journals = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".esmigrate").path)
            .filter { $0.hasPrefix("journal-") && $0.hasSuffix(".sqlite") }
        #expect(journals.count == 1)
        let status = try await Self.run(["status", "--journal", ".esmigrate/\(journals[0])"], in: dir)
        #expect(status.status == 0)
        #expect(status.stderr.contains("done 17") && status.stderr.contains("a resume would send nothing"))
    }

    @Test("--progress json emits events on stderr; --report writes counts, failures and request figures")
    func progressAndReport() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = NormalizeCommandTests.fixtures.appendingPathComponent("area1-display-names.csv").path
        let r = try await Self.run(["import", input, "--sandbox", "--progress", "json", "--report", "report.json"], in: dir)
        #expect(r.status == 65, "\(r.stderr)")      // 4 rows of the file are rejected by normalization
        let events = r.stderr.split(separator: "\n").filter { $0.hasPrefix("{\"event\":\"progress\"") }
        #expect(events.count == 17)                  // the registry goes one by one: an event per record
        #expect(events.last?.contains("\"done\":17") == true)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json")))
            as? [String: Any]
        let counts = report?["counts"] as? [String: [String: Int]]
        #expect(counts?["impersonation_registry"]?["done"] == 17)
        #expect(report?["rejected_input_rows"] as? Int == 4)
        #expect(report?["write_requests"] as? Int == 17)
        #expect((report?["failures"] as? [Any])?.isEmpty == true)
    }

    @Test("--mode sync refuses to delete without --yes; --dry-run changes nothing")
    func syncNeedsYes() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.csv")
        try "Blocked_Sender, Notes\na@example.com, one\nb@example.com, two\n".write(to: big, atomically: true, encoding: .utf8)
        let small = dir.appendingPathComponent("small.csv")
        try "Blocked_Sender, Notes\na@example.com, one\n".write(to: small, atomically: true, encoding: .utf8)
        #expect(try await Self.run(["import", big.path, "--sandbox"], in: dir).status == 0)
        let dry = try await Self.run(["import", small.path, "--sandbox", "--mode", "sync", "--dry-run"], in: dir)
        #expect(dry.status == 2 && dry.stderr.contains("1 changes pending"))
        let refused = try await Self.run(["import", small.path, "--sandbox", "--mode", "sync"], in: dir)
        #expect(refused.status == 2, "\(refused.stderr)")     // changes pending, as for every command that deletes
        #expect(refused.stderr.contains("--yes"))
        let confirmed = try await Self.run(["import", small.path, "--sandbox", "--mode", "sync", "--yes"], in: dir)
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let plan = try await Self.run(["plan", big.path, "--sandbox"], in: dir)
        #expect(plan.stderr.contains("1 changes pending"))      // b@example.com was deleted
    }

    @Test("Without credentials the real-API path stops with exit 64 and says what to set")
    func noCredentials() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = NormalizeCommandTests.fixtures.appendingPathComponent("area1-trusted-domains.csv").path
        let r = try await NormalizeCommandTests.run(["plan", input, "--account-id", "acc1"], cwd: dir, environment: [:])
        #expect(r.status == 64)
        #expect(r.stderr.contains("CLOUDFLARE_API_TOKEN"))
    }
}

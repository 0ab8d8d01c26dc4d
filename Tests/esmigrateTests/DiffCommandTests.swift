import ESTestSupport
import Foundation
import Testing

/// `esmigrate diff` between backups in every format and against the live account (the sandbox), end to end.
@Suite("diff (end to end, sandbox)", .serialized)
struct DiffCommandTests {
    typealias CLI = NormalizeCommandTests

    /// Writes the inputs for every collection but domains (which come from the sample backup).
    static func write(_ dir: URL, _ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func run(_ args: [String], _ dir: URL) async throws -> CLI.Run {
        let r = try await CLI.run(args, cwd: dir)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    /// The differences of a JSON run, as `change collection key [fields]`.
    static func differences(_ stdout: String) throws -> [String] {
        try CLI.jsonLines(stdout).map { d in
            let fields = (d["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            return "\(d["change"]!) \(d["collection"]!) \(d["key"]!)" + (fields.isEmpty ? "" : " " + fields.joined(separator: ","))
        }.sorted()
    }

    /// A state of every collection, backed up in all three formats; then each collection changed (added,
    /// removed, a field changed, a pattern renamed, a pattern moved from allow to block) and backed up again.
    static func twoStates(_ dir: URL) async throws {
        let allow = try write(dir, "allow.csv", """
            Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender
            keep@partner.example, kept, true, false, false, true
            change@partner.example, old note, true, false, false, true
            rename-me@partner.example, renamed later, true, false, false, true
            moving@partner.example, moves to block, true, false, false, true
            gone.example, removed later, true, false, false, true

            """)
        let block = try write(dir, "block.csv", "Blocked_Sender, Notes\nspam@bad.example, old\nstays@bad.example, s\n")
        let trusted = try write(dir, "trusted.csv", "Domain, Notes, Proximity, Recent\nnear.example, n, true, false\nfar.example, f, true, true\n")
        let registry = try write(dir, "registry.csv", "Display_Name, Email\nJane Roe, jane@corp.example\nJohn Doe, john@corp.example\n")
        _ = try await run(["import", allow, block, trusted, registry, "--sandbox", "--progress", "none"], dir)
        _ = try await run(["restore", BackupCommandTests.samples.appendingPathComponent("backup-domains").path,
                           "--sandbox", "--progress", "none"], dir)
        for format in ["jsonl", "csv", "xml"] {
            _ = try await run(["export", "--sandbox", "--out", "before-\(format)", "--format", format], dir)
        }
        // The changes.
        let allow2 = try write(dir, "allow2.csv", """
            Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender
            change@partner.example, new note, false, false, false, true
            renamed@partner.example, renamed later, true, false, false, true
            added@partner.example, new, true, false, false, true

            """)
        let block2 = try write(dir, "block2.csv", "Blocked_Sender, Notes\nspam@bad.example, new\nmoving@partner.example, moved\n")
        let trusted2 = try write(dir, "trusted2.csv", "Domain, Notes, Proximity, Recent\nnear.example, n, true, true\n")
        let registry2 = try write(dir, "registry2.csv", "Display_Name, Email\nAnn Lee, ann@corp.example\n")
        _ = try await run(["import", allow2, block2, trusted2, registry2, "--sandbox", "--mode", "upsert", "--progress", "none"], dir)
        for (collection, match) in [("allow_policies", "^(rename-me|moving)@|^gone"), ("impersonation_registry", "^John")] {
            _ = try await run(["delete", collection, "--match", match, "--sandbox", "--yes", "--progress", "none"], dir)
        }
        let domains = try CLI.jsonLines(String(contentsOf: BackupCommandTests.samples
            .appendingPathComponent("backup-domains/domains.jsonl"), encoding: .utf8))
        let first = try #require(domains.first?["domain"] as? String)
        _ = try await run(["domains", "unprotect", "--match", "^" + first.replacingOccurrences(of: ".", with: "\\.") + "$",
                           "--sandbox", "--yes", "--progress", "none"], dir)
        for format in ["jsonl", "csv", "xml"] {
            _ = try await run(["export", "--sandbox", "--out", "after-\(format)", "--format", format], dir)
        }
    }

    static let expected: [String] = [
        "added allow_policies added@partner.example",
        "added allow_policies renamed@partner.example",
        "added block_senders moving@partner.example",
        "changed allow_policies change@partner.example comments,verify_sender",
        "changed block_senders spam@bad.example comments",
        "changed trusted_domains near.example is_recent",
        "added impersonation_registry Ann Lee <ann@corp.example>",
        "removed allow_policies gone.example",
        "removed allow_policies moving@partner.example",
        "removed allow_policies rename-me@partner.example",
        "removed impersonation_registry John Doe <john@corp.example>",
    ].sorted()

    @Test("Every collection, every pair of formats: added, removed, changed fields, renamed and moved keys; exit 2")
    func formats() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.twoStates(dir)
        let domains = try CLI.jsonLines(String(contentsOf: BackupCommandTests.samples
            .appendingPathComponent("backup-domains/domains.jsonl"), encoding: .utf8))
        let removedDomain = "removed domains \(domains.first!["domain"]!)"
        let want = (Self.expected + [removedDomain]).sorted()
        for (a, b) in [("jsonl", "jsonl"), ("csv", "xml"), ("xml", "jsonl"), ("jsonl", "csv")] {
            let r = try await CLI.run(["diff", "before-\(a)", "after-\(b)", "--format", "json"], cwd: dir)
            #expect(r.status == 2, "\(a)→\(b): \(r.stderr)")
            #expect(try Self.differences(r.stdout) == want, "\(a)→\(b)")
        }
        // The same state in two formats is identical.
        let same = try await CLI.run(["diff", "before-csv", "before-xml"], cwd: dir)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("identical"))
        // The table names each change, with old → new for fields.
        let table = try await CLI.run(["diff", "before-jsonl", "after-jsonl"], cwd: dir)
        #expect(table.stdout.contains("~ block_senders            spam@bad.example: comments \"old\" → \"new\""), "\(table.stdout)")
        #expect(table.stdout.contains("- allow_policies           gone.example"))
        #expect(table.stdout.contains("12 differences"), "\(table.stdout)")
    }

    @Test("A backup against --live shows what changed since; ids are ignored unless --include-ids")
    func live() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.twoStates(dir)
        let sinceBefore = try await CLI.run(["diff", "before-jsonl", "--live", "--sandbox", "--format", "json"], cwd: dir)
        #expect(sinceBefore.status == 2, "\(sinceBefore.stderr)")
        let after = try await CLI.run(["diff", "after-xml", "--live", "--sandbox"], cwd: dir)
        #expect(after.status == 0, "nothing changed since the last backup: \(after.stdout)")
        // A clone has other ids and timestamps: identical by default, every record changed with --include-ids.
        let other = dir.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        _ = try await Self.run(["restore", dir.appendingPathComponent("after-jsonl").path, "--sandbox", "--progress", "none"], other)
        _ = try await Self.run(["export", "--sandbox", "--out", "clone"], other)
        let clone = other.appendingPathComponent("clone").path
        let plain = try await CLI.run(["diff", "after-jsonl", clone], cwd: dir)
        #expect(plain.status == 0, "\(plain.stdout)")
        let withIDs = try await CLI.run(["diff", "after-jsonl", clone, "--include-ids", "--format", "json"], cwd: dir)
        #expect(withIDs.status == 2)
        let changes = try CLI.jsonLines(withIDs.stdout)
        #expect(!changes.isEmpty && changes.allSatisfy { $0["change"] as? String == "changed" })
        #expect(changes.allSatisfy { ($0["fields"] as? [[String: Any]] ?? []).contains { $0["field"] as? String == "id" } })
    }

    @Test("A backup that does not verify is refused with exit 65; a missing one with 66; usage with 64")
    func refusals() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = BackupCommandTests.samples.appendingPathComponent("backup-domains")
        let copy = dir.appendingPathComponent("b")
        try FileManager.default.copyItem(at: source, to: copy)
        let file = copy.appendingPathComponent("domains.jsonl")
        try (String(contentsOf: file, encoding: .utf8) + "\n").write(to: file, atomically: true, encoding: .utf8)
        let unsound = try await CLI.run(["diff", source.path, copy.path], cwd: dir)
        #expect(unsound.status == 65, "\(unsound.stderr)")
        #expect(unsound.stderr.contains("does not verify"), "\(unsound.stderr)")
        let missing = try await CLI.run(["diff", source.path, "nowhere"], cwd: dir)
        #expect(missing.status == 66, "\(missing.stderr)")
        let usage = try await CLI.run(["diff", source.path], cwd: dir)
        #expect(usage.status == 64, "\(usage.stderr)")
    }
}

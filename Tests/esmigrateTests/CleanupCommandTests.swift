import ESMigration
import ESRecords
import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `delete` and `domains unprotect` end to end on the sandbox: dry runs change nothing, `--yes` removes
/// exactly the selection, and a run killed mid-way resumes without touching anything else.
@Suite("Bulk delete and domain unprotect (end to end, sandbox)", .serialized)
struct CleanupCommandTests {
    typealias CLI = NormalizeCommandTests

    static func senders(_ dir: URL, name: String, prefix: String, domain: String, count: Int) throws -> String {
        var text = "Blocked_Sender, Notes\n"
        for i in 0..<count { text += "\(prefix)\(i)@\(domain), row \(i)\n" }
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The sandbox's live records of a collection, through `export` (JSON Lines).
    static func live(_ collection: SettingsCollection, in dir: URL) async throws -> [JSONValue] {
        let out = dir.appendingPathComponent("live-\(UUID().uuidString)").path
        let r = try await CLI.run(["export", "--sandbox", "--out", out, "--collections", collection.rawValue], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let reader = try JSONLRecordReader(path: "\(out)/\(collection.rawValue).jsonl")
        var objects: [JSONValue] = []
        while let (_, o) = try reader.next() { objects.append(o) }
        return objects
    }

    static func patterns(_ objects: [JSONValue], key: String = "pattern") -> Set<String> {
        Set(objects.compactMap { $0[key]?.stringValue })
    }

    static func seed(_ dir: URL) async throws {
        let doomed = try senders(dir, name: "doomed.csv", prefix: "sender", domain: "crash.example.com", count: 300)
        let kept = try senders(dir, name: "kept.csv", prefix: "keep", domain: "other.example", count: 100)
        let r = try await CLI.run(["import", doomed, kept, "--sandbox", "--rate", "2000/1s", "--progress", "none"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("A dry run lists the matches and changes nothing; --yes removes exactly them")
    func dryRunThenYes() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.seed(dir)
        let filter = ["delete", "block_senders", "--match", "@crash\\.example\\.com$", "--sandbox", "--progress", "none"]
        let dry = try await CLI.run(filter, cwd: dir)
        #expect(dry.status == 2, "\(dry.stderr)")
        #expect(dry.stdout.split(separator: "\n").count == 300)
        #expect(dry.stderr.contains("300 of 400 live records selected"))
        #expect(try await Self.live(.blockSenders, in: dir).count == 400)

        let everything = try await CLI.run(["delete", "block_senders", "--match", "example", "--sandbox"], cwd: dir)
        #expect(everything.status == 64)
        #expect(everything.stderr.contains("--all"))
        #expect(try await CLI.run(["delete", "block_senders", "--sandbox"], cwd: dir).status == 64)

        let yes = try await CLI.run(filter + ["--yes"], cwd: dir)
        #expect(yes.status == 0, "\(yes.stderr)")
        #expect(yes.stderr.contains("done 300"))
        let left = Self.patterns(try await Self.live(.blockSenders, in: dir))
        #expect(left == Set((0..<100).map { "keep\($0)@other.example" }))

        // Again: the finished journal is set aside and nothing matches any more.
        let again = try await CLI.run(filter + ["--yes"], cwd: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("0 of 100 live records selected"))
    }

    @Test("--ids-file, --from-export and --comment-match select what they say")
    func otherFilters() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.seed(dir)
        let all = try await Self.live(.blockSenders, in: dir)
        let ids = all.filter { $0["pattern"]?.stringValue?.hasPrefix("keep1") == true }.compactMap { $0["id"]?.stringValue }
        #expect(ids.count == 11)     // keep1, keep10…keep19
        try ("# to remove\n\n" + ids.joined(separator: "\n") + "\n").write(
            to: dir.appendingPathComponent("ids.txt"), atomically: true, encoding: .utf8)
        let byIDs = try await CLI.run(["delete", "block_senders", "--ids-file", "ids.txt", "--sandbox", "--yes",
                                       "--progress", "none"], cwd: dir)
        #expect(byIDs.status == 0, "\(byIDs.stderr)")
        #expect(try await Self.live(.blockSenders, in: dir).count == 389)

        let comment = try await CLI.run(["delete", "block_senders", "--comment-match", "^row 2[0-9]$", "--sandbox"], cwd: dir)
        #expect(comment.status == 2)
        #expect(comment.stdout.split(separator: "\n").count == 10 + 10 - 0)   // sender2x and keep2x

        let backup = dir.appendingPathComponent("b").path
        #expect(try await CLI.run(["export", "--sandbox", "--out", backup, "--collections", "block_senders"], cwd: dir).status == 0)
        let doomed = try Self.senders(dir, name: "late.csv", prefix: "late", domain: "crash.example.com", count: 5)
        #expect(try await CLI.run(["import", doomed, "--sandbox", "--progress", "none"], cwd: dir).status == 0)
        let fromExport = try await CLI.run(["delete", "block_senders", "--from-export", backup, "--match", "crash",
                                            "--sandbox", "--yes", "--progress", "none"], cwd: dir)
        #expect(fromExport.status == 0, "\(fromExport.stderr)")
        // Only the backup's crash.example.com records went; the five imported after the backup stay.
        let left = Self.patterns(try await Self.live(.blockSenders, in: dir))
        #expect(left.filter { $0.contains("crash") } == Set((0..<5).map { "late\($0)@crash.example.com" }))
        #expect(left.count == 89 + 5)
    }

    @Test("kill -9 mid-delete, then new matching records: the resume deletes only the original selection")
    func killMidDelete() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.seed(dir)
        let command = ["delete", "block_senders", "--match", "@crash\\.example\\.com$", "--sandbox", "--yes",
                       "--batch-size", "10", "--rate", "8/1s", "--progress", "none"]
        // Killed after its 10th journaled batch (of 40): mid-run on any machine.
        let trigger = ChildProcess.LineTrigger(marker: #""event":"progress""#, count: 10, signal: SIGKILL)
        let p = try ChildProcess(command.dropLast(2) + ["--progress", "json"], cwd: dir, trigger: trigger)
        await p.exited()
        #expect(trigger.fired, "the delete finished before it could be interrupted")
        let mid = try await Self.live(.blockSenders, in: dir)
        #expect(mid.count < 400 && mid.count > 100, "\(mid.count) left")

        // Records that match the filter but were not selected when the delete was planned.
        let late = try Self.senders(dir, name: "late.csv", prefix: "late", domain: "crash.example.com", count: 20)
        #expect(try await CLI.run(["import", late, "--sandbox", "--progress", "none"], cwd: dir).status == 0)

        let resumed = try await CLI.run(command, cwd: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming"))
        let left = Self.patterns(try await Self.live(.blockSenders, in: dir))
        #expect(left == Set((0..<100).map { "keep\($0)@other.example" } + (0..<20).map { "late\($0)@crash.example.com" }))
    }

    /// A JSON Lines backup of `count` protected domains, restored into the sandbox through `restore`.
    static func seedDomains(_ dir: URL, count: Int) async throws {
        let backup = dir.appendingPathComponent("domains-backup")
        try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: true)
        var text = ""
        for i in 0..<count {
            text += #"{"domain":"d\#(i).example","allowed_delivery_modes":["DIRECT"],"drop_dispositions":[],"ip_restrictions":[],"regions":["GLOBAL"]}"# + "\n"
        }
        let file = backup.appendingPathComponent("domains.jsonl").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let digest = try FileDigest.sha256(file)
        let manifest = ExportManifest(toolVersion: "test", accountID: "x", apiBase: "http://x", startedAt: "s",
                                      finishedAt: "f", format: .jsonl, dialect: .esmigrate, collections: [
                                          .init(collection: .domains, file: "domains.jsonl", count: count,
                                                bytes: digest.bytes, sha256: digest.hex, listRequests: 1)])
        try JSONEncoder().encode(manifest).write(to: backup.appendingPathComponent("manifest.json"))
        let r = try await CLI.run(["restore", backup.path, "--sandbox", "--rate", "2000/1s", "--progress", "none"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("unprotect: dry run, unknown names, batch and bulk routes, a result line per domain",
          arguments: ["batch", "bulk"])
    func unprotect(via: String) async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.seedDomains(dir, count: 30)
        let names = ["--domain", "D1.example", "--domain", "d2.example.", "--domain", "missing.example"]
        let dry = try await CLI.run(["domains", "unprotect", "--sandbox"] + names, cwd: dir)
        #expect(dry.status == 2, "\(dry.stderr)")
        #expect(dry.stderr.contains("not found: missing.example"))
        #expect(try await Self.live(.domains, in: dir).count == 30)

        let yes = try await CLI.run(["domains", "unprotect", "--sandbox", "--yes", "--via", via, "--progress", "none"] + names,
                                    cwd: dir)
        #expect(yes.status == 65, "\(yes.stderr)")     // one name was not a protected domain
        #expect(yes.stderr.contains("unprotected  d1.example"))
        #expect(yes.stderr.contains("unprotected  d2.example"))
        #expect(Self.patterns(try await Self.live(.domains, in: dir), key: "domain").count == 28)

        try "# retire\nd3.example\nd4.example\n".write(to: dir.appendingPathComponent("retire.txt"), atomically: true,
                                                      encoding: .utf8)
        let file = try await CLI.run(["domains", "unprotect", "--sandbox", "--from-file", "retire.txt", "--yes", "--via", via,
                                      "--progress", "none"], cwd: dir)
        #expect(file.status == 0, "\(file.stderr)")
        let match = try await CLI.run(["domains", "unprotect", "--sandbox", "--match", "^d2[0-9]\\.", "--yes", "--via", via,
                                       "--progress", "none"], cwd: dir)
        #expect(match.status == 0, "\(match.stderr)")
        let left = Self.patterns(try await Self.live(.domains, in: dir), key: "domain")
        #expect(left == Set((0..<30).filter { ![1, 2, 3, 4].contains($0) && !(20...29).contains($0) }.map { "d\($0).example" }))
        #expect(try await CLI.run(["domains", "unprotect", "--sandbox", "--match", "example"], cwd: dir).status == 64)
    }

    @Test("kill -9 mid-unprotect: the resume finishes the selection and touches no other domain")
    func killMidUnprotect() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.seedDomains(dir, count: 60)
        let command = ["domains", "unprotect", "--sandbox", "--match", "^d[0-3][0-9]?\\.", "--yes", "--chunk-size", "1",
                       "--rate", "10/1s", "--progress", "none"]
        // Killed after its 5th journaled domain (of 34): mid-run on any machine.
        let trigger = ChildProcess.LineTrigger(marker: #""event":"progress""#, count: 5, signal: SIGKILL)
        let p = try ChildProcess(command.dropLast(2) + ["--progress", "json"], cwd: dir, trigger: trigger)
        await p.exited()
        #expect(trigger.fired, "the unprotect finished before it could be interrupted")
        let resumed = try await CLI.run(command, cwd: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming"))
        let selected = Set((0..<4).map { "d\($0).example" } + (10..<40).map { "d\($0).example" })   // d0–d3, d10–d39
        let left = Self.patterns(try await Self.live(.domains, in: dir), key: "domain")
        #expect(left == Set((0..<60).map { "d\($0).example" }).subtracting(selected))
    }
}

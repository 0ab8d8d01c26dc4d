import ESMigration
import ESRecords
import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `export`, `verify` and `restore` end to end: the real binary, a served emulator, real files.
@Suite("Export, verify and restore (end to end)", .serialized)
struct BackupCommandTests {
    typealias CLI = NormalizeCommandTests

    static var samples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples")
    }

    static func importSamples(_ env: [String: String], in dir: URL) async throws {
        let files = ["area1-allowed-patterns.csv", "area1-display-names.csv", "cloudflare-legacy-api-dump.jsonl",
                     "m365-tenant-allow-block-list.csv"].map { samples.appendingPathComponent($0).path }
        let r = try await CLI.run(["import"] + files + ["--rate", "2000/1s", "--progress", "none"], cwd: dir, environment: env)
        #expect(r.status == 0 || r.status == 65, "\(r.stderr)")
    }

    @Test("Clone one account into another through a backup, in each format; verify catches tampering",
          arguments: ["jsonl", "csv", "xml"])
    func clone(format: String) async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir)
        let source = server.environment(account: "source"), target = server.environment(account: "target\(format)")
        try await Self.importSamples(source, in: dir)

        let export = try await CLI.run(["export", "--out", "backup", "--format", format, "--rate", "2000/1s"], cwd: dir,
                                       environment: source)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stderr.contains("list requests"))
        let verify = try await CLI.run(["verify", "backup"], cwd: dir)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("ok: the backup is complete and unchanged"))

        let dry = try await CLI.run(["restore", "backup", "--dry-run", "--rate", "2000/1s"], cwd: dir, environment: target)
        #expect(dry.status == 2, "\(dry.stderr)")
        let restore = try await CLI.run(["restore", "backup", "--rate", "2000/1s", "--progress", "none"], cwd: dir,
                                        environment: target)
        #expect(restore.status == 0, "\(restore.stderr)")
        let again = try await CLI.run(["restore", "backup", "--mode", "sync", "--dry-run"], cwd: dir, environment: target)
        #expect(again.status == 0, "\(again.stderr)")     // nothing to change

        let second = try await CLI.run(["export", "--out", "clone", "--format", format, "--rate", "2000/1s"], cwd: dir,
                                       environment: target)
        #expect(second.status == 0, "\(second.stderr)")
        let a = try ExportFixtureLite.content(dir.appendingPathComponent("backup").path)
        let b = try ExportFixtureLite.content(dir.appendingPathComponent("clone").path)
        #expect(a == b)
        #expect(a.values.reduce(0) { $0 + $1.count } > 40)

        // Tampering: verify says what, and restore refuses without writing.
        let file = dir.appendingPathComponent("backup/block_senders.\(format)")
        var bytes = try Data(contentsOf: file)
        bytes.append(contentsOf: Array(" ".utf8))
        try bytes.write(to: file)
        let bad = try await CLI.run(["verify", "backup"], cwd: dir)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("problem: block_senders: block_senders.\(format) is"))
        let refused = try await CLI.run(["restore", "backup", "--account-id", "fresh"], cwd: dir, environment: target)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("refusing to restore"))
        #expect(try await CLI.run(["verify", "no-such-folder"], cwd: dir).status == 66)
        await server.stop()
    }

    @Test("kill -9 during an export leaves no backup that looks complete; the old one stays; a re-run succeeds")
    func killExport() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServedEmulator(directory: dir, options: ["--latency", "300ms"])
        let env = server.environment(account: "acc")
        try await Self.importSamples(env, in: dir)
        let first = try await CLI.run(["export", "--out", "nightly", "--timestamped", "--progress", "json"], cwd: dir,
                                      environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        // One event per collection.
        let events = first.stderr.split(separator: "\n").filter { $0.contains(#""event":"collection""#) }
        #expect(events.count == 5, "\(first.stderr)")

        // Killed once its first collection is staged: mid-export on any machine.
        let trigger = ChildProcess.LineTrigger(marker: #""event":"collection""#, count: 1, signal: SIGKILL)
        let p = try ChildProcess(["export", "--out", "nightly", "--timestamped", "--keep", "5", "--progress", "json"],
                                 cwd: dir, environment: env, trigger: trigger)
        await p.exited()
        #expect(trigger.fired, "the export finished before it could be interrupted")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("nightly").path)
        let visible = names.filter { !$0.hasPrefix(".") }
        #expect(visible.count == 1)                       // only the complete first backup
        #expect(names.contains { $0.hasPrefix(".esmigrate-") && $0.contains(".partial-") })
        #expect(try await CLI.run(["verify", "nightly/\(visible[0])"], cwd: dir).status == 0)

        // Possibly in the same second as the first backup: the name gets a -02 suffix instead of failing.
        let rerun = try await CLI.run(["export", "--out", "nightly", "--timestamped", "--keep", "5"], cwd: dir, environment: env)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        // The killed run's staging folder is reported; in the same second (the same name) it is also removed.
        #expect(rerun.stderr.contains("unfinished backup from an interrupted export")
                    || rerun.stderr.contains("left by an export that was stopped"), "\(rerun.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("nightly").path)
            .filter { !$0.hasPrefix(".") }
        #expect(after.count == 2)
        for n in after { #expect(try await CLI.run(["verify", "nightly/\(n)"], cwd: dir).status == 0) }
        await server.stop()
    }

    @Test("The dashboard CSV: documented header, verify passes, restore refuses it, import reads it back")
    func dashboard() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sandbox = try await CLI.run(["import", Self.samples.appendingPathComponent("area1-allowed-patterns.csv").path,
                                         "--sandbox", "--progress", "none"], cwd: dir)
        #expect(sandbox.status == 0 || sandbox.status == 65, "\(sandbox.stderr)")
        let export = try await CLI.run(["export", "--sandbox", "--out", "dash", "--format", "csv", "--dialect", "dashboard-allow"],
                                       cwd: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("dash/allow_policies.dashboard.csv"), encoding: .utf8)
        #expect(text.hasPrefix("Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender\r\n"))
        #expect(try await CLI.run(["verify", "dash"], cwd: dir).status == 0)
        let restore = try await CLI.run(["restore", "dash", "--sandbox"], cwd: dir)
        #expect(restore.status == 65)
        #expect(restore.stderr.contains("esmigrate import"))
        let normalize = try await CLI.run(["normalize", "dash/allow_policies.dashboard.csv", "--out", "-"], cwd: dir)
        #expect(normalize.status == 0, "\(normalize.stderr)")
        let exported = text.split(separator: "\r\n").count - 1
        #expect(normalize.stdout.split(separator: "\n").count == exported)

        // One-letter relative paths (Foundation's NSString path helpers trap on some of them).
        let short = try await CLI.run(["export", "--sandbox", "--out", "o"], cwd: dir)
        #expect(short.status == 0, "\(short.stderr)")
        #expect(try await CLI.run(["verify", "o"], cwd: dir).status == 0)
        let journal = try await CLI.run(["restore", "o", "--sandbox", "--journal", "j", "--progress", "none"], cwd: dir)
        #expect(journal.status == 0, "\(journal.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("j").path))

        #expect(try await CLI.run(["export", "--sandbox", "--out", "x", "--keep", "3"], cwd: dir).status == 64)
        #expect(try await CLI.run(["export", "--sandbox", "--out", "x", "--format", "xml", "--dialect", "dashboard-allow"],
                                  cwd: dir).status == 64)
    }
}

/// Backup content without server-assigned fields (ids, timestamps), per collection, sorted.
enum ExportFixtureLite {
    static let serverAssigned: Set<String> = ["id", "created_at", "modified_at", "last_modified", "timestamp"]

    static func content(_ directory: String) throws -> [SettingsCollection: [String]] {
        let manifest = try BackupVerifier.manifest(directory)
        var out: [SettingsCollection: [String]] = [:]
        for e in manifest.collections {
            let reader = try ExportReaders.make(path: directory + "/" + e.file, collection: e.collection,
                                                format: manifest.format)
            var rows: [String] = []
            while let (_, o) = try reader.next() { rows.append(canonical(o)) }
            out[e.collection] = rows.sorted()
        }
        return out
    }

    static func canonical(_ v: JSONValue) -> String {
        func clean(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(let pairs):
                .object(pairs.filter { !serverAssigned.contains($0.key) }.map { ($0.key, clean($0.value)) }
                    .sorted { $0.key < $1.key })
            case .array(let items): .array(items.map(clean))
            default: v
            }
        }
        return clean(v).jsonText
    }
}

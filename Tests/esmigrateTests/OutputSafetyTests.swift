import ESTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What esmigrate writes by rename never replaces a device or a FIFO, and every backup is opened one way.
@Suite("Output and backup safety (end to end)")
struct OutputSafetyTests {
    typealias CLI = NormalizeCommandTests

    static func kind(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    @Test("--metrics-file on a FIFO writes through it; the FIFO stays a FIFO (and a device stays a device)")
    func metricsThroughFIFO() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("metrics.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = dir.appendingPathComponent("received.prom")
        // A collector reading the FIFO; it opens it first and waits for the writer.
        let reader = try ChildProcess(["-c", #"cat "$0" > "$1""#, fifo, received.path],
                                      executable: URL(fileURLWithPath: "/bin/bash"))
        let run = try await CLI.run(["export", "--sandbox", "--out", "backup", "--metrics-file", fifo], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(await reader.exited() == 0)
        #expect(Self.kind(fifo) == S_IFIFO, "the FIFO was replaced")
        #expect(try String(contentsOf: received, encoding: .utf8).contains("esmigrate_last_run_success{command=\"export\"} 1"))

        if getuid() == 0 {
            // A twin of /dev/null (1, 3), so that a failure here cannot break the machine's own.
            let null = dir.appendingPathComponent("null").path
            #expect(mknod(null, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0)
            let again = try await CLI.run(["export", "--sandbox", "--out", "backup2", "--metrics-file", null], cwd: dir)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(Self.kind(null) == S_IFCHR, "the device was replaced by a file")
        }
    }

    @Test("--metrics-file through a link to a file replaces the link, never the file it points to")
    func metricsOverLink() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim.txt")
        try "keep me\n".write(to: victim, atomically: false, encoding: .utf8)
        let link = dir.appendingPathComponent("metrics.prom").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim.path)
        let run = try await CLI.run(["export", "--sandbox", "--out", "backup", "--metrics-file", link], cwd: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me\n")
        #expect(Self.kind(link) == S_IFREG)
    }

    @Test("--metrics-file in a folder that does not exist: 73 before the run, naming the path; nothing exported")
    func metricsMissingFolder() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("no/such/folder/run.prom").path
        let run = try await CLI.run(["export", "--sandbox", "--out", "backup", "--metrics-file", path], cwd: dir)
        #expect(run.status == 73, "\(run.stderr)")
        #expect(run.stderr.contains(path) && run.stderr.contains("does not exist"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("backup").path))
    }

    /// A backup whose manifest is a link to another backup's: before, `verify` refused it while `restore`
    /// planned its records and `diff` called the two identical.
    @Test("verify, restore and diff refuse a backup whose manifest.json is a symbolic link")
    func linkedManifest() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try await CLI.run(["export", "--sandbox", "--out", "a"], cwd: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: a.path) where name != "manifest.json" {
            try FileManager.default.copyItem(at: a.appendingPathComponent(name), to: b.appendingPathComponent(name))
        }
        try FileManager.default.createSymbolicLink(atPath: b.appendingPathComponent("manifest.json").path,
                                                   withDestinationPath: a.appendingPathComponent("manifest.json").path)
        for arguments in [["verify", "b"], ["restore", "b", "--sandbox", "--dry-run"], ["diff", "a", "b"]] {
            let run = try await CLI.run(arguments, cwd: dir)
            #expect(run.status == 65 || run.status == 66, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("symbolic link") || run.stderr.contains("no backup"), "\(arguments): \(run.stderr)")
        }
    }

    @Test("A manifest with account_id twice, or over 16 MiB, does not verify")
    func hostileManifests() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try await CLI.run(["export", "--sandbox", "--out", "a"], cwd: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let manifest = dir.appendingPathComponent("a/manifest.json")
        let original = try String(contentsOf: manifest, encoding: .utf8)
        let sound = try await CLI.run(["verify", "a"], cwd: dir)
        #expect(sound.status == 0, "\(sound.stderr)")

        let brace = try #require(original.firstIndex(of: "{"))
        var twice = original
        twice.insert(contentsOf: #""account_id": "someoneelse", "#, at: twice.index(after: brace))
        try twice.write(to: manifest, atomically: false, encoding: .utf8)
        let duplicate = try await CLI.run(["verify", "a"], cwd: dir)
        #expect(duplicate.status == 65, "\(duplicate.stderr)")
        #expect(duplicate.stderr.contains("'account_id' appears more than once"), "\(duplicate.stderr)")

        var padded = original
        padded.insert(contentsOf: String(repeating: " ", count: 17 << 20), at: padded.index(after: brace))
        try padded.write(to: manifest, atomically: false, encoding: .utf8)
        let huge = try await CLI.run(["verify", "a"], cwd: dir)
        #expect(huge.status == 65, "\(huge.stderr)")
        #expect(huge.stderr.contains("larger than 16 MiB"), "\(huge.stderr)")
    }

    @Test("verify --account-id: an id that is a path is refused (64); a backup of another account in an account's folder does not verify (65)")
    func verifyAccountFolders() async throws {
        let dir = try CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try await CLI.run(["export", "--sandbox", "--out", "fleet/acc1"], cwd: dir)
        #expect(export.status == 0, "\(export.stderr)")
        for id in ["../outside", "..", ".", "/etc", "a/b"] {
            let run = try await CLI.run(["verify", "fleet", "--account-id", id], cwd: dir)
            #expect(run.status == 64, "\(id): \(run.stderr)")
            #expect(run.stderr.contains("is not a Cloudflare account id"), "\(id): \(run.stderr)")
        }
        let copied = try await CLI.run(["verify", "fleet", "--account-id", "acc1"], cwd: dir)
        #expect(copied.status == 65, "\(copied.stderr)")
        #expect(copied.stderr.contains("not of acc1, whose folder it is in"), "\(copied.stderr)")
    }
}

import ESTestSupport
import Foundation
import Testing

/// The structure counts of issue 22 never grow back: `scripts/structure-report.py --check` fails when a count
/// (switches over the collections outside their two homes, force unwraps, public types, functions over 60 lines)
/// passes its limit.
@Suite("Structure counts")
struct StructureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("scripts/structure-report.py --check: no count above its limit")
    func noRegression() async throws {
        let dir = try NormalizeCommandTests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        let child = try ChildProcess([Self.root.appendingPathComponent("scripts/structure-report.py").path, "--check",
                                      "--root", Self.root.path],
                                     stdout: handle, executable: URL(fileURLWithPath: "/usr/bin/python3"))
        let status = await child.exited()
        try handle.close()
        let report = try String(contentsOf: out, encoding: .utf8)
        #expect(status == 0, "\(report)")
        #expect(report.contains("collection switches"), "\(report)")
    }
}

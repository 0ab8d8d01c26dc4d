import ESAPI
import ESEmulator
import ESMigration
import ESRecords
import ESTestSupport
import Foundation
import Testing

/// The three export formats of a fixed data set, byte for byte: the emulator's ids are seeded and its clock
/// and the exporter's are fixed, so the records, the files' checksums and the manifest never change unless
/// the format does (`ESMIGRATE_UPDATE_GOLDEN=1` rewrites them for review).
@Suite("Golden exports")
struct GoldenExportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let fixedTime = Date(timeIntervalSince1970: 1_790_000_000)    // 2026-09-21T14:13:20Z

    @Test("JSONL, CSV and XML exports and their manifests match the golden files", arguments: ExportFormat.allCases)
    func export(format: ExportFormat) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let destination = dir.appendingPathComponent("backup").path
        let time = Self.fixedTime
        try await ExportFixture.withAccounts(["acc1"], directory: dir, adjust: { config in
            config.seed = 11
            config.now = { time }
        }) { clients in
            try await ExportFixture.seed(clients[0])
            var options = Exporter<ContinuousClock>.Options(destination: destination)
            options.format = format
            options.toolVersion = "golden"
            options.wallClock = { time }
            _ = try await Exporter(client: clients[0], logger: ExportFixture.logger).run(options)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: destination).sorted()
        let goldenDir = Self.golden.appendingPathComponent("export-\(format.rawValue)")
        if !Golden.updating {
            let expected = try FileManager.default.contentsOfDirectory(atPath: goldenDir.path).sorted()
            #expect(files == expected)
        }
        for file in files {
            let text = try String(contentsOfFile: destination + "/" + file, encoding: .utf8)
            let shown = file == ExportManifest.fileName ? Golden.maskingPorts(text) : text
            let problem = Golden.check(shown, against: goldenDir.appendingPathComponent(file))
            #expect(problem == nil, "\(problem ?? "")")
        }
    }
}

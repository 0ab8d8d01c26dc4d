import ESReaders
import ESRecords
import Foundation
import Logging

/// Helpers shared by the reader tests: fixture paths, temporary files, reading every item of a file.
enum TestSupport {
    static let fixtures: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    static let logger = Logger(label: "esmigrate.tests")

    /// A fresh temporary directory, removed by the caller with `cleanup`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esmigrate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to a temporary file and runs `body` with its path.
    static func withFile<T>(_ bytes: [UInt8], name: String = "input.csv", _ body: (String) throws -> T) throws -> T {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try body(path)
    }

    static func withFile<T>(_ text: String, name: String = "input.csv", _ body: (String) throws -> T) throws -> T {
        try withFile(Array(text.utf8), name: name, body)
    }

    /// Every item of a file.
    static func readAll(_ path: String, dialect: DialectChoice = .auto, mapping: MappedCSVDialect.Mapping? = nil)
        throws -> [ReadItem]
    {
        let reader = try LegacyFileReader(path: path, options: ReadOptions(dialect: dialect, mapping: mapping),
                                          logger: logger)
        var items: [ReadItem] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    static func outcomes(_ path: String, dialect: DialectChoice = .auto) throws -> [RowOutcome] {
        try readAll(path, dialect: dialect).map(\.outcome)
    }

    /// The outcome as a JSON object (the report's shape), for comparison with expected files.
    static func reportObject(_ outcome: RowOutcome) throws -> [String: Any] {
        var json = JSONWriter()
        outcome.write(to: &json, file: nil)
        return try JSONSerialization.jsonObject(with: Data(json.bytes)) as! [String: Any]
    }
}

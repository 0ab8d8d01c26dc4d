import ArgumentParser
import ESAPI
@testable import esmigrate
import Foundation
import Testing

/// README's exit-code table and `esmigrate --help` say what `ExitStatus` does: the one mapping is the source.
@Suite("Exit codes are documented from the one mapping")
struct ExitCodeTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// The rows of the table under `## Exit codes`: code and meaning.
    static func readmeRows() throws -> [(code: Int32, meaning: String)] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "\n## Exit codes\n") else { return [] }
        var rows: [(Int32, String)] = []
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 4, let code = Int32(cells[1]) else { continue }
            rows.append((code, cells[2]))
        }
        return rows
    }

    @Test("README lists every code of ExitStatus.documented, in its order, each row opening with its meaning")
    func readmeTable() throws {
        let rows = try Self.readmeRows()
        #expect(rows.map(\.code) == ExitStatus.documented.map(\.code.rawValue))
        for (row, doc) in zip(rows, ExitStatus.documented) {
            #expect(row.meaning.hasPrefix(doc.meaning), "README row \(row.code): '\(row.meaning)' should open with '\(doc.meaning)'")
        }
    }

    @Test("Every kind of failure maps to a documented code")
    func everyKindDocumented() {
        let documented = Set(ExitStatus.documented.map(\.code.rawValue))
        let failures: [any Error] = [
            CommandFailure(.changesPending), CommandFailure(.rejected), CommandFailure(.missingInput),
            CommandFailure(.workRemaining), CommandFailure(.interrupted), CommandFailure(.terminated),
            CommandFailure(.internalError),
        ]
        for failure in failures {
            let code = ExitStatus.code(for: failure)
            #expect(code.map { documented.contains($0.rawValue) } == true, "\(failure) → \(String(describing: code))")
        }
    }

    @Test("API failures: no answer is temporary (75), a malformed answer is data (65), a refused id is usage (64)")
    func apiFailures() {
        #expect(ExitStatus.code(for: APIError(kind: .noAnswer, method: "GET", path: "/x", detail: "no answer")) == .resumable)
        #expect(ExitStatus.code(for: APIError(kind: .invalidResponse, method: "GET", path: "/accounts")) == .dataError)
        #expect(ExitStatus.code(for: ConfigurationError.invalidAccountID("../x")) == .usage)
        let long = String(repeating: "a\n", count: 150)
        #expect(!"\(ConfigurationError.invalidAccountID(long))".contains("\n"), "ids are shown escaped and cut")
    }
}

import ArgumentParser
@testable import esmigrate
import Foundation
import Testing

/// Every esmigrate command line in `deploy/` (systemd units, the Kubernetes CronJob, the GitHub workflow) uses
/// only options that exist: each is parsed by the command-line parser itself, validation included.
@Suite("deploy/ command lines parse")
struct DeployFilesTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy")

    /// The argument lists of every `esmigrate …` command in the files under `deploy/`, with where they are.
    static func commandLines() throws -> [(place: String, arguments: [String])] {
        var found: [(String, [String])] = []
        let files = try #require(FileManager.default.enumerator(atPath: deploy.path)).compactMap { $0 as? String }
        for file in files.sorted() {
            let url = deploy.appendingPathComponent(file)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                // A container's arguments (the image's entrypoint is esmigrate): `args: ["export", …]`.
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("args: ["), let data = trimmed.dropFirst("args: ".count).data(using: .utf8),
                   let arguments = try? JSONSerialization.jsonObject(with: data) as? [String] {
                    found.append(("\(file):\(n + 1)", arguments))
                    continue
                }
                // A line may hold several commands joined by && or ||; each that starts with esmigrate counts.
                let text = line.replacingOccurrences(of: "ExecStartPost=", with: "").replacingOccurrences(of: "ExecStart=", with: "")
                for segment in text.components(separatedBy: "&&").flatMap({ $0.components(separatedBy: "||") }) {
                    var words = segment.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    while let first = words.first, first == "-" || first == "run:" || first == ">-" { words.removeFirst() }
                    // `docker run … IMAGE ARGS…` with the esmigrate image: the arguments follow the image.
                    if words.first == "docker", let image = words.firstIndex(where: { $0.contains("esmigrate:") }) {
                        found.append(("\(file):\(n + 1)", Array(words[(image + 1)...])))
                        continue
                    }
                    guard let first = words.first, first == "esmigrate" || first.hasSuffix("/bin/esmigrate") else { continue }
                    found.append(("\(file):\(n + 1)", Array(words.dropFirst())))
                }
            }
        }
        return found
    }

    @Test("Every esmigrate command line in deploy/ parses, and there are some in each kind of file")
    func parse() throws {
        let lines = try Self.commandLines()
        for kind in ["systemd/", "kubernetes/", "github/"] {
            #expect(lines.contains { $0.place.hasPrefix(kind) }, "no esmigrate command found in deploy/\(kind)")
        }
        for (place, arguments) in lines {
            do {
                _ = try ESMigrate.parseAsRoot(arguments)
            } catch {
                Issue.record("\(place): esmigrate \(arguments.joined(separator: " ")): \(ESMigrate.message(for: error))")
            }
        }
    }

    @Test("The parse test can fail: an option that does not exist is refused")
    func refusesUnknownOption() {
        #expect(throws: (any Error).self) { _ = try ESMigrate.parseAsRoot(["export", "--out", "x", "--no-such-option"]) }
    }
}

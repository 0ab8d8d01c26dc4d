import Foundation
import Testing

/// The code the documentation shows is the code ``LibraryExampleTests`` compiles and runs: every ```swift block
/// tagged `<!-- example: NAME -->` in the DocC catalogs, README.md and docs/ is compared with the region
/// `// example: NAME` … `// end example` of LibraryExampleTests.swift.
@Suite("Documentation examples are the tested ones")
struct DocCatalogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The regions of the examples file, dedented: name → code.
    static func regions() throws -> [String: String] {
        let text = try String(contentsOf: root.appendingPathComponent("Tests/ESMigrationTests/LibraryExampleTests.swift"),
                              encoding: .utf8)
        var regions: [String: String] = [:]
        var current: (name: String, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("// example: ") {
                current = (String(trimmed.dropFirst("// example: ".count)), [])
            } else if trimmed == "// end example", let c = current {
                let indent = c.lines.filter { !$0.isEmpty }.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
                regions[c.name] = c.lines.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
                current = nil
            } else if current != nil {
                current!.lines.append(line)
            }
        }
        return regions
    }

    /// Every tagged block of the documentation: (file, name, code).
    static func taggedBlocks() throws -> [(file: String, name: String, code: String)] {
        let fm = FileManager.default
        var files = ["README.md"]
        if let docs = try? fm.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path) {
            files += docs.filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        }
        for target in try fm.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path) {
            let catalog = "Sources/\(target)/\(target).docc"
            if let pages = try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(catalog).path) {
                files += pages.filter { $0.hasSuffix(".md") }.map { catalog + "/" + $0 }
            }
        }
        var blocks: [(String, String, String)] = []
        for file in files.sorted() {
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            var i = 0
            while i < lines.count {
                if lines[i].hasPrefix("<!-- example: "), lines[i].hasSuffix(" -->") {
                    let name = String(lines[i].dropFirst("<!-- example: ".count).dropLast(" -->".count))
                    var j = i + 2       // past the ```swift line
                    var code: [Substring] = []
                    while j < lines.count, lines[j] != "```" { code.append(lines[j]); j += 1 }
                    blocks.append((file, name, code.joined(separator: "\n")))
                    i = j
                }
                i += 1
            }
        }
        return blocks
    }

    @Test("Each tagged block is its tested region, and each region is shown somewhere")
    func examplesMatch() throws {
        let regions = try Self.regions()
        let blocks = try Self.taggedBlocks()
        #expect(regions.count >= 5, "\(regions.keys.sorted())")
        for block in blocks {
            let region = regions[block.name]
            #expect(region != nil, "\(block.file): no region '\(block.name)' in LibraryExampleTests.swift")
            #expect(region == nil || region == block.code,
                    "\(block.file): example '\(block.name)' differs from the tested code:\n\(region ?? "")")
        }
        let shown = Set(blocks.map(\.name))
        #expect(Set(regions.keys).isSubset(of: shown), "not shown: \(Set(regions.keys).subtracting(shown).sorted())")
    }
}

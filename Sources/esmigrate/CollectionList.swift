import ArgumentParser
import Foundation
import ESRecords

/// Parses `--collections all|LIST` (comma-separated collection names).
enum CollectionList {
    static func parse(_ text: String) throws -> [SettingsCollection] {
        if text == "all" { return SettingsCollection.allCases }
        var out: [SettingsCollection] = []
        for name in text.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
            guard let c = SettingsCollection(rawValue: name) else {
                throw ValidationError("unknown collection '\(name)'; one of: all, \(SettingsCollection.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !out.contains(c) { out.append(c) }
        }
        guard !out.isEmpty else { throw ValidationError("--collections is empty") }
        return out
    }
}

import ArgumentParser
import ESRecords
import Foundation

/// Reads a file of one value per line (`--ids-file`, `--from-file`): blank lines and `#` comments ignored.
enum ListFile {
    /// The values, trimmed; fails with ``CommandFailure/Kind/missingInput`` (exit 66) when the file cannot be read.
    static func read(_ path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure(.missingInput, "\(path): cannot read")
        }
        return text.split(whereSeparator: \.isNewline).map { TextCleaning.trim($0) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

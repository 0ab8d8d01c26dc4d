import ArgumentParser
import ESRecords
import Foundation

/// Reads a file of one value per line (`--ids-file`, `--from-file`): blank lines and `#` comments ignored.
enum ListFile {
    /// The values, trimmed; exits 66 when the file cannot be read.
    static func read(_ path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            StderrLogHandler.write("\(path): cannot read\n")
            throw ExitCode(ExitStatus.noInput)
        }
        return text.split(whereSeparator: \.isNewline).map { TextCleaning.trim($0) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

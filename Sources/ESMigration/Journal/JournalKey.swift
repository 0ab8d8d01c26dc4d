import Foundation

/// Names a journal after what the import is: the inputs (path, size and modification time), the account,
/// the API base and the mode, so running the same command again resumes the same journal.
package enum JournalKey {
    /// The identity of an import: its inputs' names and sizes, the account, the API and the mode. A journal is
    /// resumed only by the same key.
    public static func make(files: [String], account: String, baseURL: String, mode: ImportMode) -> String {
        var text = "\(account)\n\(baseURL)\n\(mode.rawValue)\n"
        for file in files {
            let url = URL(fileURLWithPath: file).standardizedFileURL
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            text += "\(url.path)\t\(size)\t\(modified)\n"
        }
        return name(text)
    }

    /// A key for runs whose input is not files (bulk deletes): the operation described as text.
    public static func make(describing operation: String, account: String, baseURL: String) -> String {
        name("\(account)\n\(baseURL)\n\(operation)")
    }

    /// FNV-1a 64 of `text` in hex: a file name, not a security boundary. Not SHA-256 (which the package links)
    /// because the key is recorded in every journal and names its file: another hash would rename every
    /// journal, and an interrupted run of an earlier version would no longer be found or resumed.
    private static func name(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The default journal path: `./.esmigrate/journal-<key>.sqlite`.
    public static func defaultPath(key: String, directory: String = ".esmigrate") -> String {
        "\(directory)/journal-\(key).sqlite"
    }
}

import ESRecords
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ExportManifest {
    /// Checks what a manifest names before anything is opened: each collection at most once, and each file a
    /// plain name directly inside the backup folder.
    ///
    /// A manifest is input like any other: one that names `../elsewhere/x.jsonl` or `/etc/passwd` must not make
    /// `verify` vouch for, or `restore` read, a file outside the folder it was given.
    /// - Throws: ``ExportError`` of kind ``ExportError/Kind/manifest`` naming the entry and the rule it breaks.
    public func validateEntries(in path: String) throws {
        var collectionsSeen = Set<String>()
        var filesSeen = Set<String>()
        for entry in collections {
            if let problem = Self.fileNameProblem(entry.file) {
                throw ExportError.manifest("\(entry.collection.rawValue): the file \(Self.quoted(entry.file)) \(problem); a manifest may only name plain files directly inside the backup folder", file: path)
            }
            guard collectionsSeen.insert(entry.collection.rawValue).inserted else {
                throw ExportError.manifest("\(entry.collection.rawValue) is listed more than once", file: path)
            }
            guard filesSeen.insert(entry.file).inserted else {
                throw ExportError.manifest("the file \(Self.quoted(entry.file)) is listed for more than one collection", file: path)
            }
        }
    }

    /// Why `name` is not a plain file name inside the folder, or `nil` when it is one.
    static func fileNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name == "." || name == ".." { return "is a folder reference" }
        if name.contains("/") || name.contains("\\") { return "has a path separator" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "has control characters" }
        if name == fileName { return "is the manifest itself" }
        if name.utf8.count > 255 { return "is longer than a file name can be" }
        return nil
    }

    /// A name as it can be shown in a message: quoted, control characters escaped, at most 200 characters.
    static func quoted(_ name: String) -> String {
        "'" + TextCleaning.displayable(name, limit: 200) + "'"
    }

    /// The kind of what is at `path` without following a symbolic link: `nil` when nothing is there.
    static func fileKind(_ path: String) -> FileKind? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    enum FileKind { case regular, symbolicLink, other }
}

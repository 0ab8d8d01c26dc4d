public import ESRecords
import Foundation
import SystemPackage

/// Checks a backup folder: manifest, files, sizes, SHA-256 checksums, record counts, and that every record
/// reads back as its collection's model.
public enum BackupVerifier {
    /// What is wrong with a backup (empty when it is sound).
    public struct Report: Sendable {
        public var manifest: ExportManifest?
        public var problems: [String] = []
        /// Records read back per collection.
        public var counted: [SettingsCollection: Int] = [:]
        public var isSound: Bool { problems.isEmpty && manifest != nil }
    }

    /// The largest manifest read: 16 MiB (one of esmigrate's is a few KB; a larger one is not a manifest).
    public static let maxManifestBytes = 16 << 20

    /// Reads the manifest of a backup folder: the one way verify, restore, diff and clone open a backup.
    ///
    /// The manifest must be a regular file (a symbolic link is refused, not followed), at most
    /// ``maxManifestBytes``, valid JSON with no member repeated at its top level (a second `account_id` would
    /// otherwise win silently), of a version this esmigrate reads, naming only plain files in its folder.
    public static func manifest(_ directory: String) throws -> ExportManifest {
        guard let path = try plainFile(directory + "/" + ExportManifest.fileName) else {
            throw ExportError.manifest("the manifest is missing: not an esmigrate backup, or an unfinished one",
                                       file: directory + "/" + ExportManifest.fileName)
        }
        var bytes: [UInt8] = []
        do {
            // O_NOFOLLOW: a link swapped in after the check above is refused too.
            let fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.noFollow, .closeOnExec])
            try fd.closeAfter {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while bytes.count <= maxManifestBytes {
                    let n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) }
                    if n == 0 { break }
                    bytes += chunk[..<n]
                }
            }
        } catch {
            throw ExportError.manifest("cannot read: \(error)", file: path)
        }
        guard bytes.count <= maxManifestBytes else {
            throw ExportError.manifest("larger than \(maxManifestBytes >> 20) MiB: not a manifest esmigrate wrote", file: path)
        }
        if case .object(let members)? = try? JSONParser.parse(bytes) {
            var seen = Set<String>()
            for member in members where !seen.insert(member.key).inserted {
                throw ExportError.manifest("the member \(ExportManifest.quoted(member.key)) appears more than once", file: path)
            }
        }
        let manifest: ExportManifest
        do {
            manifest = try JSONDecoder().decode(ExportManifest.self, from: Data(bytes))
        } catch {
            throw ExportError.manifest("not a valid manifest: \(error)", file: path)
        }
        guard manifest.tool == "esmigrate", manifest.manifestVersion == ExportManifest.currentVersion else {
            throw ExportError.manifest("manifest version \(manifest.manifestVersion) of \(manifest.tool) is not one this esmigrate reads", file: path)
        }
        try manifest.validateEntries(in: path)
        return manifest
    }

    /// The path of the file a manifest entry names, once it is known to be a regular file in the folder
    /// (checked with `lstat`, so a symbolic link is refused, not followed); `nil` when it does not exist.
    /// The readers then open it with `O_NOFOLLOW`, so a link swapped in after this check is refused too.
    public static func filePath(_ directory: String, _ entry: ExportManifest.Entry) throws -> String? {
        try plainFile(directory + "/" + entry.file)
    }

    /// `path` when it is a regular file, `nil` when nothing is there; a link or anything else is refused.
    static func plainFile(_ path: String) throws -> String? {
        switch ExportManifest.fileKind(path) {
        case nil: return nil
        case .regular: return path
        case .symbolicLink:
            throw ExportError.manifest("a symbolic link; a backup holds only plain files, and links are not followed", file: path)
        case .other:
            throw ExportError.manifest("not a regular file", file: path)
        }
    }

    /// Checks a backup folder: its manifest, each file's size, SHA-256 and record count, and (by default)
    /// that every record decodes.
    ///
    /// - Parameters:
    ///   - directory: the backup folder (the one holding `manifest.json`).
    ///   - decodeRecords: also decode every record into its model; `restore` turns this off because
    ///     reading the backup decodes (and reports) every record anyway.
    public static func verify(_ directory: String, decodeRecords: Bool = true) -> Report {
        var report = Report()
        if Exporter<ContinuousClock>.isStagingName(URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent) {
            // An export killed between writing its manifest and renaming the folder leaves a complete-looking
            // staging folder: it was never a finished backup.
            report.problems.append("\(directory) is the staging folder of an unfinished export, not a backup; remove it")
            return report
        }
        let manifest: ExportManifest
        do {
            manifest = try Self.manifest(directory)
        } catch {
            report.problems.append("\(error)")
            return report
        }
        report.manifest = manifest
        var listed = Set([ExportManifest.fileName])
        for entry in manifest.collections {
            listed.insert(entry.file)
            do {
                guard let path = try filePath(directory, entry) else {
                    report.problems.append("\(entry.collection): \(entry.file) is missing")
                    continue
                }
                let digest = try FileDigest.sha256(path)
                if digest.bytes != entry.bytes {
                    report.problems.append("\(entry.collection): \(entry.file) is \(digest.bytes) bytes; the manifest says \(entry.bytes)")
                }
                if digest.hex != entry.sha256 {
                    report.problems.append("\(entry.collection): \(entry.file) SHA-256 is \(digest.hex); the manifest says \(entry.sha256) (the file changed after the export)")
                }
                let count = try countRecords(path, entry.collection, manifest, decode: decodeRecords)
                report.counted[entry.collection] = count
                if count != entry.count {
                    report.problems.append("\(entry.collection): \(entry.file) holds \(count) records; the manifest says \(entry.count)")
                }
            } catch {
                report.problems.append("\(entry.collection): \(error)")
            }
        }
        if let names = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            for name in names.sorted() where !listed.contains(name) {
                report.problems.append("\(name) is not in the manifest")
            }
        }
        return report
    }

    /// Counts the records of a file, decoding each into its model if asked (the dashboard CSV is only counted).
    static func countRecords(_ path: String, _ collection: SettingsCollection, _ manifest: ExportManifest,
                             decode: Bool) throws -> Int {
        if manifest.dialect == .dashboardAllow {
            let reader = try CSVDataRows(path: path)
            var n = 0
            while try reader.next() { n += 1 }
            return n
        }
        let reader = try ExportReaders.make(path: path, collection: collection, format: manifest.format)
        var n = 0
        while let (line, object) = try reader.next() {
            if decode { _ = try BackupRecord.decode(object, collection: collection, file: path, line: line) }
            n += 1
        }
        return n
    }
}

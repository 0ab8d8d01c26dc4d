import Foundation

extension BackupVerifier {
    /// The backups in `directory`: itself when it holds a manifest, else every folder one or two levels below
    /// it that does (a fleet's `<account>/` and `<account>/esmigrate-<time>/` backups), sorted. Symbolic links
    /// are not followed and hidden folders (unfinished staging) are skipped. A folder whose `manifest.json` is
    /// there but not a regular file (a link) is a backup to refuse, not a folder of backups: it is listed, and
    /// verifying it says why.
    public static func backups(under directory: String) -> [String] {
        let fm = FileManager.default
        func hasManifest(_ path: String) -> Bool {
            ExportManifest.fileKind(path + "/" + ExportManifest.fileName) == .regular
        }
        func folders(_ path: String) -> [String] {
            ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted().compactMap {
                let child = path + "/" + $0
                var isDirectory: ObjCBool = false
                let isLink = (try? fm.destinationOfSymbolicLink(atPath: child)) != nil
                return !isLink && fm.fileExists(atPath: child, isDirectory: &isDirectory) && isDirectory.boolValue
                    ? child : nil
            }
        }
        if ExportManifest.fileKind(directory + "/" + ExportManifest.fileName) != nil { return [directory] }
        var found: [String] = []
        for child in folders(directory) {
            if hasManifest(child) { found.append(child); continue }
            found += folders(child).filter(hasManifest)
        }
        return found
    }
}

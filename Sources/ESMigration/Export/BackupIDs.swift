public import ESRecords

/// The ids of one collection's records in a backup (for `delete --from-export`).
package enum BackupIDs {
    /// The ids of `collection`'s records in the backup at `directory` (for `delete --from-export`).
    ///
    /// - Throws: ``ExportError`` when the backup has no manifest, no ids (a dashboard export) or no such file.
    public static func read(_ directory: String, collection: SettingsCollection) throws -> Set<RecordID> {
        let manifest = try BackupVerifier.manifest(directory)
        guard manifest.dialect == .esmigrate else {
            throw ExportError.manifest("\(directory) is a \(manifest.dialect.rawValue) export, which has no ids")
        }
        guard let entry = manifest.collections.first(where: { $0.collection == collection }) else {
            throw ExportError.manifest("\(directory) has no \(collection) file")
        }
        guard let path = try BackupVerifier.filePath(directory, entry) else {
            throw ExportError.manifest("\(directory)/\(entry.file) is missing")
        }
        let reader = try ExportReaders.make(path: path, collection: collection, format: manifest.format)
        var ids = Set<RecordID>()
        while let (_, object) = try reader.next() {
            switch object["id"] {
            case .string(let s)?: ids.insert(RecordID(s))
            case .number(let n)?: ids.insert(RecordID(n))
            default: continue
            }
        }
        return ids
    }
}

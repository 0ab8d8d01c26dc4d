public import ESRecords
public import Logging

/// Reads a backup folder as desired records for the import engine (restore and clone).
package enum BackupSource {
    /// The backup's records and what could not be restored.
    package struct Inputs: Sendable {
        package var desired: [DesiredRecord] = []
        /// Directory-synced impersonation entries: the directory sync owns them, so they are not recreated.
        public var skippedDirectorySynced = 0
        /// Records the API would refuse (`file:line: reason`); they are reported and not planned. The first
        /// ``maxListedRejects`` are listed, and ``rejectedCount`` counts all.
        public var rejected: [String] = []
        public var rejectedCount = 0
        public var read = 0
        /// Records handed on to be restored.
        public var restorable = 0
    }

    /// The most rejected records ``Inputs/rejected`` lists.
    public static let maxListedRejects = 1000

    /// Reads the collections of `directory` (all in the manifest, or only `collections`) into memory.
    public static func read(_ directory: String, collections: Set<SettingsCollection>? = nil, logger: Logger)
        throws -> Inputs
    {
        var desired: [DesiredRecord] = []
        var inputs = try read(directory, collections: collections, logger: logger) { desired.append($0) }
        inputs.desired = desired
        return inputs
    }

    /// Reads the collections of `directory`, handing each restorable record to `body` (constant memory).
    package static func read(_ directory: String, collections: Set<SettingsCollection>?, logger: Logger,
                            each body: (DesiredRecord) throws -> Void) throws -> Inputs
    {
        let manifest = try BackupVerifier.manifest(directory)
        guard manifest.dialect == .esmigrate else {
            throw ExportError.manifest("\(directory) is a \(manifest.dialect.rawValue) export, which drops ids, flags and types; import it with `esmigrate import` instead")
        }
        var inputs = Inputs()
        for entry in manifest.collections where collections?.contains(entry.collection) ?? true {
            guard let path = try BackupVerifier.filePath(directory, entry) else {
                throw ExportError.manifest("\(directory)/\(entry.file) is missing")
            }
            let reader = try ExportReaders.make(path: path, collection: entry.collection, format: manifest.format)
            while let (line, object) = try reader.next() {
                inputs.read += 1
                let location = "\(path):\(line)"
                let record = try BackupRecord.decode(object, collection: entry.collection, file: path, line: line)
                if record.isReadOnly {
                    inputs.skippedDirectorySynced += 1
                    continue
                }
                if let violation = record.violation() {
                    inputs.rejectedCount += 1
                    if inputs.rejected.count < maxListedRejects { inputs.rejected.append("\(location): \(violation)") }
                    continue
                }
                inputs.restorable += 1
                try body(DesiredRecord(record: record.content, source: location))
            }
        }
        if inputs.skippedDirectorySynced > 0 {
            logger.notice("directory-synced impersonation entries are left to the directory sync",
                          metadata: ["skipped": "\(inputs.skippedDirectorySynced)"])
        }
        return inputs
    }
}

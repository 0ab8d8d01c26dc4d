public import ESRecords
public import Logging

/// Reads a backup folder as desired records for the import engine (restore and clone).
public enum BackupSource {
    /// The backup's records and what could not be restored.
    public struct Inputs: Sendable {
        public var desired: [Planner.Desired] = []
        /// Directory-synced impersonation entries: the directory sync owns them, so they are not recreated.
        public var skippedDirectorySynced = 0
        /// Records the API would refuse (`file:line: reason`); they are reported and not planned.
        public var rejected: [String] = []
        public var read = 0
    }

    /// Reads the collections of `directory` (all in the manifest, or only `collections`).
    public static func read(_ directory: String, collections: Set<SettingsCollection>? = nil, logger: Logger)
        throws -> Inputs
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
                let record = try BackupRecord.decode(object, collection: entry.collection, at: location)
                if case .impersonation(let e) = record, e.isDirectorySynced {
                    inputs.skippedDirectorySynced += 1
                    continue
                }
                if let violation = validate(record) {
                    inputs.rejected.append("\(location): \(violation)")
                    continue
                }
                inputs.desired.append(Planner.Desired(record: record.content, source: location))
            }
        }
        if inputs.skippedDirectorySynced > 0 {
            logger.notice("directory-synced impersonation entries are left to the directory sync",
                          metadata: ["skipped": "\(inputs.skippedDirectorySynced)"])
        }
        return inputs
    }

    static func validate(_ record: NormalizedRecord) -> RecordValidator.Violation? {
        switch record {
        case .allowPolicy(let p): RecordValidator.validate(p)
        case .blockSender(let b): RecordValidator.validate(b)
        case .trustedDomain(let t): RecordValidator.validate(t)
        case .impersonation(let e): RecordValidator.validate(e)
        case .domain(let d): RecordValidator.validate(d)
        }
    }
}

public import ESRecords

/// Why an import could not go on.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case noBatchEndpoint(SettingsCollection)
    case journalMismatch(path: String)

    public var description: String {
        switch self {
        case .noBatchEndpoint(let c):
            "the API has no batch endpoint for \(c); use --batch auto or off"
        case .journalMismatch(let path):
            "the journal \(path) belongs to another import (other inputs, account or mode); pass another --journal"
        }
    }
}

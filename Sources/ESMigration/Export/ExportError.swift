/// Why an export, a backup check or a restore could not go on.
public enum ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A backup file's content is not what its format promises.
    case malformed(String)
    /// The output folder cannot be used (exists and is not an esmigrate backup, cannot be created…).
    case destination(String)
    /// The backup folder is incomplete or has no usable manifest.
    case manifest(String)
    /// Writing the backup failed part-way (a full disk, an I/O error); nothing was left behind.
    case output(String)

    public var description: String {
        switch self {
        case .malformed(let m), .destination(let m), .manifest(let m), .output(let m): m
        }
    }
}

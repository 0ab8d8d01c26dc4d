public import ESRecords
import GRDB

/// The journal file could not be used: the disk is full, or the file is damaged or not a journal.
///
/// These are environment failures, not bugs: each says what happened to which file and what to do.
public struct JournalError: ContextualError, Hashable {
    /// What went wrong with the file; a struct so kinds can be added without breaking callers.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A write failed for lack of space (SQLITE_FULL) or an I/O error: nothing committed is lost, and the
        /// same command resumes once the cause is fixed.
        public static let unwritable = Kind(rawValue: "unwritable")
        /// The file is not an SQLite database, or is damaged (SQLITE_NOTADB, SQLITE_CORRUPT).
        public static let damaged = Kind(rawValue: "damaged")
    }

    public var kind: Kind
    /// The file (the journal, or the plan's scratch database).
    public var context: ErrorContext
    /// The file's path.
    public var path: String {
        get { context.file ?? "" }
        set { context.file = newValue }
    }
    /// SQLite's own words.
    public var detail: String
    /// What the file is to the user: the journal, or the plan's scratch database beside it.
    public var role: String

    /// Creates an error for the file at `path`; `role` says what the file is to the user.
    public init(_ kind: Kind, path: String, detail: String, role: String = "journal") {
        self.kind = kind
        self.context = ErrorContext(file: path)
        self.detail = detail
        self.role = role
    }

    public var description: String {
        switch kind {
        case .damaged:
            "\(path) is not an esmigrate journal, or it is damaged (\(detail)). Move it aside and run the command "
                + "again to start a new journal; writes the old one recorded are then matched against live state "
                + "by natural key, so nothing already imported is sent twice"
        default:
            "the \(role) \(path) could not be written (\(detail)). Everything committed before is intact: free "
                + "space (or fix the disk) and run the same command again to resume"
        }
    }

    /// The journal error a GRDB error stands for, or `nil` when it is something else.
    static func from(_ error: any Error, path: String, role: String = "journal") -> JournalError? {
        guard let e = error as? DatabaseError else { return nil }
        let detail = "SQLite error \(e.resultCode.rawValue): \(e.message ?? "\(e.resultCode)")"
        switch e.resultCode {
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_READONLY:
            return JournalError(.unwritable, path: path, detail: detail, role: role)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return JournalError(.damaged, path: path, detail: detail, role: role)
        default:
            return nil
        }
    }
}

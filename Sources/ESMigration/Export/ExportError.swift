public import ESRecords

/// Why an export, a backup check or a restore could not go on.
///
/// A struct with a ``Kind`` (as ``JournalError`` and the readers' `ReaderError`), so kinds can be added without
/// breaking a caller's `switch`; the file, line and collection are in ``context``.
public struct ExportError: ContextualError, Hashable {
    /// What kind of failure this is.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A backup file's content is not what its format promises.
        public static let malformed = Kind(rawValue: "malformed")
        /// The output folder cannot be used (exists and is not an esmigrate backup, cannot be created…).
        public static let destination = Kind(rawValue: "destination")
        /// The backup folder is incomplete or has no usable manifest.
        public static let manifest = Kind(rawValue: "manifest")
        /// Writing the backup failed part-way (a full disk, an I/O error); nothing was left behind.
        public static let output = Kind(rawValue: "output")
        /// A backup that does not verify (a file missing, changed or short), so it is not compared or read.
        public static let unsound = Kind(rawValue: "unsound")
    }

    public var kind: Kind
    /// What went wrong, without the context's file and line (``description`` adds them).
    public var message: String
    public var context: ErrorContext

    /// Creates an error of `kind`.
    public init(_ kind: Kind, _ message: String, context: ErrorContext = .none) {
        self.kind = kind
        self.message = message
        self.context = context
    }

    /// A backup file whose content is not what its format promises, at `file:line`.
    public static func malformed(_ message: String, file: String? = nil, line: Int? = nil) -> ExportError {
        ExportError(.malformed, message, context: ErrorContext(file: file, line: line))
    }

    /// An output folder that cannot be used.
    public static func destination(_ message: String, file: String? = nil) -> ExportError {
        ExportError(.destination, message, context: ErrorContext(file: file))
    }

    /// A backup folder that is incomplete or whose manifest cannot be used.
    public static func manifest(_ message: String, file: String? = nil) -> ExportError {
        ExportError(.manifest, message, context: ErrorContext(file: file))
    }

    /// A write that failed part-way.
    public static func output(_ message: String, file: String? = nil) -> ExportError {
        ExportError(.output, message, context: ErrorContext(file: file))
    }

    public var description: String { context.describe(message) }
}

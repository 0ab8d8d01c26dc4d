public import ESRecords

/// A file-level failure: the input cannot be read at all, or not as the chosen dialect.
///
/// Row-level problems are never thrown; they become `rejected` outcomes so the run can go on. These errors
/// carry the file (and the line, where there is one) so the CLI can print `file:line: message`.
public struct ReaderError: ContextualError, Hashable {
    /// The kinds of file-level failure; a struct so new kinds can be added without breaking callers.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The file does not exist or cannot be opened or read.
        public static let unreadable = Kind(rawValue: "unreadable")
        /// An output file (records, report, rejects) or its folder cannot be created: a missing folder, no
        /// permission.
        public static let uncreatable = Kind(rawValue: "uncreatable")
        /// Writing an output file failed part-way: a full disk, an I/O error.
        public static let unwritable = Kind(rawValue: "unwritable")
        /// `--dialect auto` could not tell which dialect the file is.
        public static let undetectedDialect = Kind(rawValue: "undetected_dialect")
        /// The header lacks a column the dialect needs.
        public static let missingColumn = Kind(rawValue: "missing_column")
        /// The header lacks a column that a mapping (`mapped` dialect) names.
        public static let missingMappedColumn = Kind(rawValue: "missing_mapped_column")
        /// The file is empty or has no header row.
        public static let noHeader = Kind(rawValue: "no_header")
        /// The XML declares entities or otherwise tries something unsafe; nothing more is read.
        public static let unsafeXML = Kind(rawValue: "unsafe_xml")
        /// The dialect does not fit the file's format (an XML dialect on a CSV…).
        public static let dialectMismatch = Kind(rawValue: "dialect_mismatch")
        /// A unit of input (a line of a backup file) is longer than the reader's cap.
        public static let tooLong = Kind(rawValue: "too_long")
        /// A `--map` option is malformed.
        public static let invalidMapping = Kind(rawValue: "invalid_mapping")
    }

    public var kind: Kind
    public var message: String
    /// The file and line.
    public var context: ErrorContext

    /// The file the error is about.
    public var file: String {
        get { context.file ?? "" }
        set { context.file = newValue }
    }

    /// The line, where there is one.
    public var line: Int? {
        get { context.line }
        set { context.line = newValue }
    }

    /// Creates a file-level error at `file` (and `line`, where there is one).
    public init(_ kind: Kind, file: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.message = message
        self.context = ErrorContext(file: file, line: line)
    }

    /// `file:line: message`, safe for a terminal: control characters escaped, at most 1000 characters of
    /// message (messages quote input, such as a header that no dialect knows).
    public var description: String {
        let shownFile = TextCleaning.displayable(file, limit: 1000)
        let shownMessage = TextCleaning.displayable(message, limit: 1000)
        if let line { return "\(shownFile):\(line): \(shownMessage)" }
        return "\(shownFile): \(shownMessage)"
    }
}

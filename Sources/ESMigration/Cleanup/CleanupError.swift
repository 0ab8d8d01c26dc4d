public import ESRecords

/// Why a bulk delete or unprotect was refused before anything was sent.
///
/// A struct with a ``Kind`` so kinds can be added without breaking callers. ``criterion`` names the
/// ``DeleteFilter`` property at fault, so a front end can name its own option for it.
public struct CleanupError: ContextualError, Hashable {
    /// What kind of refusal this is.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A criterion that does not apply to the collection, or a regular expression that does not compile.
        public static let filter = Kind(rawValue: "filter")
        /// The selection is every live record, and the caller did not say that is meant.
        public static let matchesEverything = Kind(rawValue: "matches_everything")
    }

    public var kind: Kind
    public var message: String
    /// The ``DeleteFilter`` property at fault (`match`, `commentMatch`, `patternType`…), when one is.
    public var criterion: String?
    public var context: ErrorContext

    /// Creates an error of `kind`.
    public init(_ kind: Kind, _ message: String, criterion: String? = nil, context: ErrorContext = .none) {
        self.kind = kind
        self.message = message
        self.criterion = criterion
        self.context = context
    }

    /// A criterion that does not apply or does not compile.
    public static func filter(_ message: String, criterion: String, collection: SettingsCollection? = nil)
        -> CleanupError
    {
        CleanupError(.filter, message, criterion: criterion, context: ErrorContext(collection: collection))
    }

    /// A selection of all `count` live records of `collection`.
    public static func matchesEverything(collection: SettingsCollection, count: Int) -> CleanupError {
        CleanupError(.matchesEverything, "the selection is every one of the \(count) live records; confirm that "
                        + "all are meant", context: ErrorContext(collection: collection))
    }

    public var description: String { context.describe(message) }
}

public import ESRecords

/// Why an import could not go on.
///
/// A struct with a ``Kind`` so kinds can be added without breaking callers. Messages name library concepts
/// (the batch mode, the journal file); the command line adds its own option names.
public struct MigrationError: ContextualError, Hashable {
    /// What kind of failure this is.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Batch mode `on` was asked for a collection whose API has no batch endpoint (`ErrorContext.collection`).
        public static let noBatchEndpoint = Kind(rawValue: "no_batch_endpoint")
        /// The journal (`ErrorContext.file`) records another import: other inputs, account or mode.
        public static let journalMismatch = Kind(rawValue: "journal_mismatch")
        /// An update or delete names a live record that has no id (`ErrorContext.collection`, `.key`).
        public static let liveRecordWithoutID = Kind(rawValue: "live_record_without_id")
        /// A journal item's record belongs to another collection than the item (`ErrorContext.collection`).
        public static let recordOfAnotherCollection = Kind(rawValue: "record_of_another_collection")
    }

    public var kind: Kind
    public var message: String
    public var context: ErrorContext

    /// Creates an error of `kind`.
    public init(_ kind: Kind, _ message: String, context: ErrorContext = .none) {
        self.kind = kind
        self.message = message
        self.context = context
    }

    /// Batch mode `on` for a collection that has no batch endpoint.
    public static func noBatchEndpoint(_ collection: SettingsCollection) -> MigrationError {
        MigrationError(.noBatchEndpoint, "the API has no batch endpoint for \(collection); batch mode auto or off "
                        + "sends its records one request each", context: ErrorContext(collection: collection))
    }

    /// A journal that belongs to another import.
    public static func journalMismatch(path: String) -> MigrationError {
        MigrationError(.journalMismatch, "this journal belongs to another import (other inputs, account or mode); "
                        + "use another journal file", context: ErrorContext(file: path))
    }

    /// A decision to update or delete a live record that has no id to address it by.
    public static func liveRecordWithoutID(_ collection: SettingsCollection, key: String) -> MigrationError {
        MigrationError(.liveRecordWithoutID, "a live record to update or delete has no id",
                       context: ErrorContext(collection: collection, key: key))
    }

    /// A journal item whose record is not of the item's collection.
    static func recordOfAnotherCollection(_ item: JournalItem) -> MigrationError {
        MigrationError(.recordOfAnotherCollection, "journal item \(item.seq) holds a record of another collection",
                       context: ErrorContext(collection: item.collection, key: item.naturalKey))
    }

    public var description: String { context.describe(message) }
}

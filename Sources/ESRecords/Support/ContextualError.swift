/// The one shape of the libraries' public errors: a growable `Kind` (a `RawRepresentable` struct, so kinds can be
/// added without breaking a caller's `switch`), a description for people, and an ``ErrorContext`` saying where:
/// `APIError`, `ConfigurationError`, `TransportError`, `ReaderError`, `JournalError`, `MigrationError`,
/// `ExportError` and `CleanupError` all have it.
package protocol ContextualError: Error, Sendable, CustomStringConvertible {
    associatedtype Kind: RawRepresentable & Sendable where Kind.RawValue == String
    /// What kind of failure this is.
    var kind: Kind { get }
    /// Where it happened: file and line, collection, key, account (fields that do not apply are `nil`).
    var context: ErrorContext { get }
}

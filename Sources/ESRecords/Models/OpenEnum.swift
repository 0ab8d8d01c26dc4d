/// A string enum of the wire format that tolerates values it does not know when reading.
///
/// The API adds enum values over time; a backup must not fail because of one. Writers check
/// ``isKnown`` (through ``RecordValidator``) before sending a value to the API.
package protocol OpenEnum: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible
where RawValue == String {
    /// Every value the contract documents.
    static var known: [Self] { get }
}

extension OpenEnum {
    /// Whether the value is one the contract documents.
    public var isKnown: Bool { Self.known.contains(self) }
    public var description: String { rawValue }
}

/// A header name and value.
public struct Header: Sendable, Hashable {
    public var name: String
    public var value: String
    /// Creates a header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

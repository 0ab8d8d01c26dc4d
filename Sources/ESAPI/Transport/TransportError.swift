/// A transport failure, classified by whether the server may have seen the request.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `false` only when the request certainly never left (refused connection, DNS, connect timeout).
    public var mayHaveBeenSent: Bool
    public var message: String

    /// Creates a transport failure; `mayHaveBeenSent` decides whether a write's outcome is unknown.
    public init(mayHaveBeenSent: Bool, message: String) {
        self.mayHaveBeenSent = mayHaveBeenSent
        self.message = message
    }

    public var description: String { message }
}

/// A `--rate` value that is not `N/W`.
public struct ServerRateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var description: String { "the rate '\(text)' is not N/Ws (for example 1200/300s or 60/20s)" }
}

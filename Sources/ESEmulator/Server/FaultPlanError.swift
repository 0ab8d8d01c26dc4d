/// A `--faults` value that does not parse.
public struct FaultPlanError: Error, Sendable, CustomStringConvertible {
    public var text: String
    /// What the text should have looked like.
    public var expected: String

    /// Creates the error for `text`, saying what was `expected`.
    public init(text: String,
                expected: String = "KIND=PERCENT[,…] with KIND one of 5xx, reset, drop, 429, repeat-page") {
        self.text = text
        self.expected = expected
    }

    public var description: String { "'\(text)' is not \(expected)" }
}

/// An emulator option (`--rate`, `--faults`, `--latency`) whose text does not parse.
public struct EmulatorOptionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    /// What the text should have looked like.
    public var expected: String

    /// Creates the error for `text`, saying what was `expected`.
    public init(text: String, expected: String) {
        self.text = text
        self.expected = expected
    }

    /// A `--faults` value that does not parse.
    static func faults(_ text: String) -> EmulatorOptionError {
        EmulatorOptionError(text: text, expected: "KIND=PERCENT[,…] with KIND one of 5xx, reset, drop, 429, repeat-page")
    }

    public var description: String { "'\(text)' is not \(expected)" }
}

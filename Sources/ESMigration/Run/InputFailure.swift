public import ESReaders

/// Some inputs could not be read at all (missing, undetected dialect, unsafe XML…); nothing was planned or sent.
public struct InputFailure: Error, Sendable, CustomStringConvertible {
    public var report: InputReport
    /// The failure of the inputs `report` describes (its ``InputReport/errors`` are not empty).
    public init(report: InputReport) { self.report = report }
    public var errors: [ReaderError] { report.errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

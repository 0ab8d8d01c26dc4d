public import ESReaders
import ESRecords

/// How reading a run's inputs went: per-row outcomes of legacy files, or what a backup held.
public struct InputReport: Sendable {
    /// Legacy files: items per collection, status and reason.
    public var summary = NormalizeSummary()
    /// Files that could not be read at all (missing, undetected dialect, unsafe XML…).
    public var errors: [ReaderError] = []
    /// A backup's counts and refused records.
    package var backup: BackupSource.Inputs?

    /// An empty report.
    public init() {}

    /// Input rows or backup records that will not be imported because they are invalid.
    public var rejected: Int { summary.count(.rejected) + (backup?.rejectedCount ?? 0) }
}

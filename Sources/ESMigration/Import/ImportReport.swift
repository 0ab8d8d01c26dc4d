public import ESRecords

/// What an import did, per collection and state, with every failure.
public struct ImportReport: Sendable {
    public var counts: [SettingsCollection: [JournalItem.State: Int]] = [:]
    /// The first failures in plan order (at most ``Importer/maxReportedFailures``; the journal has all).
    public var failures: [JournalItem] = []
    /// Every failed item, listed or not.
    public var failedTotal = 0
    /// Write requests sent (batch calls count once).
    public var writeRequests = 0
    /// Items that were reconciled against live state after an unknown outcome.
    public var reconciled = 0
    /// Every API request of the run (writes, lists for reconciliation, retries) and the 429s and retries seen.
    public var apiRequests = 0
    public var rateLimited = 0
    public var retries = 0
    /// Wall time of the run, in seconds.
    public var seconds = 0.0

    /// An empty report.
    public init() {}

    /// Items not yet done or failed (the run stopped with work remaining).
    public var remaining: Int {
        counts.values.reduce(0) { $0 + ($1[.pending] ?? 0) + ($1[.sent] ?? 0) + ($1[.unknown] ?? 0) }
    }
}

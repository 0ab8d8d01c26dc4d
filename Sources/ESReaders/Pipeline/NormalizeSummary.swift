public import ESRecords

/// Counts of a normalize run per collection, status and reason, with the accounting invariant.
public struct NormalizeSummary: Sendable, Hashable {
    /// A bucket: the collection an item was headed for (`nil` when unknown, e.g. a blank line).
    public struct Key: Hashable, Sendable, Comparable {
        public var collection: SettingsCollection?
        public var status: RowOutcome.Status
        public var reason: ReasonCode?

        public static func < (a: Key, b: Key) -> Bool {
            (a.collection?.rawValue ?? "~", a.status.rawValue, a.reason?.rawValue ?? "")
                < (b.collection?.rawValue ?? "~", b.status.rawValue, b.reason?.rawValue ?? "")
        }
    }

    /// Items per bucket that has a reason (skipped and rejected items).
    public private(set) var reasons: [Key: Int] = [:]
    /// Items per collection (index in `SettingsCollection.allCases`, last = none) and status, as a flat grid.
    private var grid = [Int](repeating: 0, count: (SettingsCollection.allCases.count + 1) * 4)
    private var recordGrid = [Int](repeating: 0, count: SettingsCollection.allCases.count)
    public private(set) var items = 0
    public private(set) var files = 0

    /// An empty summary.
    public init() {}

    private static func index(_ c: SettingsCollection?) -> Int {
        guard let c, let index = SettingsCollection.allCases.firstIndex(of: c) else { return SettingsCollection.allCases.count }
        return index
    }

    private static func index(_ s: RowOutcome.Status) -> Int {
        switch s {
        case .ok: 0
        case .duplicate: 1
        case .skipped: 2
        case .rejected: 3
        }
    }

    /// Counts one outcome (a flat array for the common case; a dictionary only for reasons).
    public mutating func add(_ outcome: RowOutcome) {
        items += 1
        grid[Self.index(outcome.collection) * 4 + Self.index(outcome.status)] += 1
        if outcome.reason != nil {
            reasons[Key(collection: outcome.collection, status: outcome.status, reason: outcome.reason), default: 0] += 1
        }
        for r in outcome.records { recordGrid[Self.index(r.collection)] += 1 }
    }

    /// Records produced per collection.
    public var records: [SettingsCollection: Int] {
        var out: [SettingsCollection: Int] = [:]
        for (i, c) in SettingsCollection.allCases.enumerated() where recordGrid[i] > 0 { out[c] = recordGrid[i] }
        return out
    }

    /// Counts one more file.
    public mutating func addFile() { files += 1 }

    /// Adds `other`'s counts to these.
    public mutating func merge(_ other: NormalizeSummary) {
        items += other.items
        files += other.files
        for (k, v) in other.reasons { reasons[k, default: 0] += v }
        for i in grid.indices { grid[i] += other.grid[i] }
        for i in recordGrid.indices { recordGrid[i] += other.recordGrid[i] }
    }

    /// Items with `status`.
    public func count(_ status: RowOutcome.Status) -> Int {
        (0...SettingsCollection.allCases.count).reduce(0) { $0 + grid[$1 * 4 + Self.index(status)] }
    }

    /// Items with `status` for `collection`.
    public func count(_ status: RowOutcome.Status, collection: SettingsCollection?) -> Int {
        grid[Self.index(collection) * 4 + Self.index(status)]
    }

    /// The human summary printed on stderr.
    public var text: String {
        var lines: [String] = []
        let collections: [SettingsCollection?] = SettingsCollection.allCases.map { Optional($0) } + [nil]
        lines.append("collection".padded(24) + RowOutcome.Status.allCases.map { $0.rawValue.leftPadded(10) }.joined()
            + "records".leftPadded(10))
        for c in collections {
            let row = RowOutcome.Status.allCases.map { count($0, collection: c) }
            let recs = c.flatMap { records[$0] } ?? 0
            guard row.reduce(0, +) > 0 else { continue }
            lines.append((c?.rawValue ?? "(no collection)").padded(24) + row.map { String($0).leftPadded(10) }.joined()
                + String(recs).leftPadded(10))
        }
        for status in [RowOutcome.Status.rejected, .skipped] {
            var byReason: [ReasonCode: Int] = [:]
            for (k, v) in reasons where k.status == status { if let r = k.reason { byReason[r, default: 0] += v } }
            guard !byReason.isEmpty else { continue }
            let parts = byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("\(status.rawValue) by reason: " + parts.joined(separator: ", "))
        }
        let ok = count(.ok), dup = count(.duplicate), skip = count(.skipped), rej = count(.rejected)
        lines.append("items \(items) = ok \(ok) + duplicate \(dup) + skipped \(skip) + rejected \(rej)")
        return lines.joined(separator: "\n")
    }

}

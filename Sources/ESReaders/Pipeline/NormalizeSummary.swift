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

    public init() {}

    private static func index(_ c: SettingsCollection?) -> Int {
        guard let c else { return SettingsCollection.allCases.count }
        return SettingsCollection.allCases.firstIndex(of: c)!
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

    public mutating func addFile() { files += 1 }

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

    /// Whether `items = ok + duplicate + skipped + rejected` holds.
    public var isBalanced: Bool {
        items == RowOutcome.Status.allCases.map(count).reduce(0, +)
    }

    /// The human summary printed on stderr.
    public var text: String {
        var lines: [String] = []
        let collections: [SettingsCollection?] = SettingsCollection.allCases.map { Optional($0) } + [nil]
        lines.append(pad("collection", 24) + RowOutcome.Status.allCases.map { lpad($0.rawValue, 10) }.joined()
            + lpad("records", 10))
        for c in collections {
            let row = RowOutcome.Status.allCases.map { count($0, collection: c) }
            let recs = c.flatMap { records[$0] } ?? 0
            guard row.reduce(0, +) > 0 else { continue }
            lines.append(pad(c?.rawValue ?? "(no collection)", 24) + row.map { lpad(String($0), 10) }.joined()
                + lpad(String(recs), 10))
        }
        for status in [RowOutcome.Status.rejected, .skipped] {
            var byReason: [ReasonCode: Int] = [:]
            for (k, v) in reasons where k.status == status { if let r = k.reason { byReason[r, default: 0] += v } }
            guard !byReason.isEmpty else { continue }
            let parts = byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("\(status.rawValue) by reason: " + parts.joined(separator: ", "))
        }
        let ok = count(.ok), dup = count(.duplicate), skip = count(.skipped), rej = count(.rejected)
        lines.append("items \(items) = ok \(ok) + duplicate \(dup) + skipped \(skip) + rejected \(rej)"
            + (isBalanced ? " (balanced)" : " (NOT BALANCED: internal error)"))
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}

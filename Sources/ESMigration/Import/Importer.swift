public import ESAPI
import ESRecords
import Foundation
public import Logging

/// Applies a journaled plan through the API, exactly once across crashes and lost responses.
///
/// Order of work: first reconcile every item that is `sent` or `unknown` (its request may have been applied)
/// against the live collection by natural key; then send what is `pending` — in batches of up to
/// `batchSize` per collection where the API has a batch endpoint, else one request per record with up to
/// `concurrency` in flight under the client's shared rate limiter. An answer that never came marks the
/// items `unknown`, and they are reconciled before the next round.
public struct Importer<C: Clock>: Sendable where C.Duration == Duration {
    public let client: EmailSecurityClient<C>
    public let journal: Journal
    public var batch: BatchPolicy
    public var batchSize: Int
    public var concurrency: Int
    /// Domain deletes go through `POST …/domains/batch` (default) or the deprecated bulk
    /// `DELETE …/settings/domains` with its JSON array body.
    public var domainDeletes: DomainDeleteRoute = .batch
    /// Set from a signal handler: no new request is dispatched; in-flight ones finish and are journaled.
    public var stop: StopSignal
    /// Called after each journaled outcome (progress bars, `--progress json`).
    public var onProgress: (@Sendable (ImportProgress) -> Void)?
    let logger: Logger
    private let progressStart = ContinuousClock.now

    public init(client: EmailSecurityClient<C>, journal: Journal, batch: BatchPolicy = .auto, batchSize: Int = 1000,
                concurrency: Int = 4, stop: StopSignal = StopSignal(), logger: Logger) {
        self.stop = stop
        self.client = client
        self.journal = journal
        self.batch = batch
        self.batchSize = min(max(1, batchSize), RecordLimits.maxBatchItems)
        self.concurrency = max(1, concurrency)
        self.logger = logger
    }

    /// Runs until every item is done or failed, or `maxRounds` rounds have passed.
    public func run(maxRounds: Int = 20) async throws -> ImportReport {
        var report = ImportReport()
        let started = ContinuousClock.now
        let before = client.statistics
        var noBatch = Set<SettingsCollection>()
        for _ in 0..<maxRounds where !stop.isRequested {
            try Task.checkCancellation()
            let uncertain = try await journal.items(in: [.sent, .unknown])
            for collection in Set(uncertain.map(\.collection)) {
                report.reconciled += try await reconcile(collection)
            }
            let pending = try await journal.items(in: [.pending])
            if pending.isEmpty { break }
            for collection in SettingsCollection.allCases {
                let items = pending.filter { $0.collection == collection }
                guard !items.isEmpty else { continue }
                let useBatch = batch != .off && collection.hasBatchEndpoint && !noBatch.contains(collection)
                if useBatch {
                    for start in stride(from: 0, to: items.count, by: batchSize) where !stop.isRequested {
                        try Task.checkCancellation()
                        let chunk = Array(items[start..<min(items.count, start + batchSize)])
                        switch try await applyBatch(collection, chunk, report: &report) {
                        case .applied, .uncertain: break
                        case .noEndpoint:
                            guard batch == .auto else {
                                throw MigrationError.noBatchEndpoint(collection)
                            }
                            noBatch.insert(collection)
                            logger.notice("no batch endpoint; sending one request per record",
                                          metadata: ["collection": "\(collection)"])
                            try await applyEach(chunk, report: &report)
                        case .refused:
                            // An atomic batch refused as a whole: find the culprits one by one.
                            try await applyEach(chunk, report: &report)
                        case .refusedMaybePartly:
                            // Domain batches are not documented as atomic: settle what was applied first.
                            report.reconciled += try await reconcile(collection)
                            let seqs = Set(chunk.map(\.seq))
                            let left = try await journal.items(in: [.pending], collection: collection)
                                .filter { seqs.contains($0.seq) }
                            try await applyEach(left, report: &report)
                        }
                    }
                } else {
                    try await applyEach(items, report: &report)
                }
            }
        }
        for collection in SettingsCollection.allCases {
            let items = try await journal.items(in: Set(JournalItem.State.allCases), collection: collection)
            guard !items.isEmpty else { continue }
            report.counts[collection] = Dictionary(grouping: items, by: \.state).mapValues(\.count)
        }
        report.failures = try await journal.items(in: [.failed])
        let after = client.statistics
        report.apiRequests = after.requests - before.requests
        report.rateLimited = after.rateLimited - before.rateLimited
        report.retries = after.retries - before.retries
        report.seconds = (ContinuousClock.now - started).seconds
        return report
    }

    // MARK: - Batch

    enum BatchOutcome { case applied, uncertain, noEndpoint, refused, refusedMaybePartly }

    func applyBatch(_ collection: SettingsCollection, _ items: [JournalItem], report: inout ImportReport)
        async throws -> BatchOutcome
    {
        try await journal.markSent(items.map(\.seq))
        report.writeRequests += 1
        do {
            let results: [(Int64, RecordID?)]
            switch collection {
            case .allowPolicies: results = try await batchCall(AllowPolicy.self, items)
            case .blockSenders: results = try await batchCall(BlockedSender.self, items)
            case .trustedDomains: results = try await batchCall(TrustedDomain.self, items)
            case .domains where domainDeletes == .bulk && items.allSatisfy({ $0.action == .delete }):
                let gone = Set(try await client.bulkDeleteDomains(items.compactMap(\.targetID)))
                // Ids the server did not echo are settled by reconciliation.
                results = items.map { ($0.seq, $0.targetID) }
                let missing = items.filter { !gone.contains($0.targetID ?? "") }
                if !missing.isEmpty {
                    try await journal.mark(missing.map { ($0.seq, .unknown, nil, "not confirmed by the bulk delete") })
                    let confirmed = items.filter { gone.contains($0.targetID ?? "") }
                    try await journal.mark(confirmed.map { ($0.seq, .done, $0.targetID, nil) })
                    try await reportProgress()
                    return .uncertain
                }
            case .domains: results = try await batchCall(ProtectedDomain.self, items)
            case .impersonationRegistry: return .noEndpoint
            }
            try await journal.mark(results.map { ($0.0, .done, $0.1, nil) })
            try await reportProgress()
            return .applied
        } catch let e as APIError where e.kind == .http && (e.status == 404 || e.status == 405) {
            try await journal.mark(items.map { ($0.seq, .pending, nil, nil) })
            return .noEndpoint
        } catch let e as APIError where e.kind == .http && (400..<500).contains(e.status ?? 0) && e.status != 429
                    && collection == .domains {
            try await journal.mark(items.map { ($0.seq, .unknown, nil, "\(e)") })
            logger.notice("domain batch refused; settling it, then retrying its records one by one",
                          metadata: ["error": "\(e)"])
            return .refusedMaybePartly
        } catch let e as APIError where e.kind == .http && (400..<500).contains(e.status ?? 0) && e.status != 429 {
            // Atomic: nothing was applied.
            try await journal.mark(items.map { ($0.seq, .pending, nil, nil) })
            logger.notice("batch refused; retrying its records one by one", metadata: ["error": "\(e)"])
            return .refused
        } catch let e as APIError {
            try await journal.mark(items.map { ($0.seq, .unknown, nil, "\(e)") })
            return .uncertain
        }
    }

    private func batchCall<R: SettingsRecord>(_ type: R.Type, _ items: [JournalItem]) async throws
        -> [(Int64, RecordID?)]
    {
        let creates = items.filter { $0.action == .create }
        let updates = items.filter { $0.action == .update }
        let deletes = items.filter { $0.action == .delete }
        let request = BatchRequest<R>(
            deletes: deletes.compactMap(\.targetID),
            patches: try updates.map { (id: $0.targetID!, fields: try Self.fields(of: $0.record!)) },
            posts: creates.map { $0.record!.model(as: R.self)! })
        let result = try await client.batch(request)
        // Posts come back in request order.
        return creates.enumerated().map { ($0.element.seq, result.posts.indices.contains($0.offset) ? result.posts[$0.offset].id : nil) }
            + updates.map { ($0.seq, $0.targetID) } + deletes.map { ($0.seq, $0.targetID) }
    }

    /// Tells `onProgress` where the run stands (counts from the journal, so resumed runs count right).
    private func reportProgress() async throws {
        guard let onProgress else { return }
        let counts = try await journal.counts()
        let stats = client.statistics
        onProgress(ImportProgress(done: counts[.done] ?? 0, failed: counts[.failed] ?? 0,
                                  total: counts.values.reduce(0, +), rateLimited: stats.rateLimited,
                                  seconds: (ContinuousClock.now - progressStart).seconds))
    }

    // MARK: - One by one

    func applyEach(_ items: [JournalItem], report: inout ImportReport) async throws {
        try await withThrowingTaskGroup(of: (Int64, JournalItem.State, RecordID?, String?).self) { group in
            var iterator = items.makeIterator()
            func startNext() async throws -> Bool {
                guard let item = iterator.next() else { return false }
                try await journal.markSent([item.seq])
                group.addTask { await self.applyOne(item) }
                return true
            }
            for _ in 0..<concurrency where !stop.isRequested { guard try await startNext() else { break } }
            while let (seq, state, id, error) = try await group.next() {
                report.writeRequests += 1
                try await journal.mark([(seq, state, id, error)])
                try await reportProgress()
                if stop.isRequested || Task.isCancelled { continue }   // in-flight requests finish; no new ones
                _ = try await startNext()
            }
        }
    }

    func applyOne(_ item: JournalItem) async -> (Int64, JournalItem.State, RecordID?, String?) {
        do {
            let id: RecordID?
            switch (item.action, item.record) {
            case (.create, let record?): id = try await create(record)
            case (.update, let record?): id = try await update(record, id: item.targetID!)
            case (.delete, _): id = try await delete(item.collection, id: item.targetID!)
            default: return (item.seq, .failed, nil, "the journal item has no record")
            }
            return (item.seq, .done, id, nil)
        } catch let e as APIError {
            if e.kind == .outcomeUnknown || e.isRetryable { return (item.seq, .unknown, nil, "\(e)") }
            if item.action == .delete, e.isNotFound { return (item.seq, .done, item.targetID, nil) }
            return (item.seq, .failed, nil, "\(e)")
        } catch {
            return (item.seq, .failed, nil, "\(error)")
        }
    }

    private func create(_ record: NormalizedRecord) async throws -> RecordID? {
        switch record {
        case .allowPolicy(let p): try await client.create(p).id
        case .blockSender(let b): try await client.create(b).id
        case .trustedDomain(let t): try await client.create(t).id
        case .impersonation(let e): try await client.create(e).id
        case .domain(let d): try await client.create(d).id
        }
    }

    private func update(_ record: NormalizedRecord, id: RecordID) async throws -> RecordID? {
        let fields = try Self.fields(of: record)
        switch record {
        case .allowPolicy: return try await client.edit(AllowPolicy.self, id: id, fields: fields).id
        case .blockSender: return try await client.edit(BlockedSender.self, id: id, fields: fields).id
        case .trustedDomain: return try await client.edit(TrustedDomain.self, id: id, fields: fields).id
        case .impersonation: return try await client.edit(ImpersonationEntry.self, id: id, fields: fields).id
        case .domain: return try await client.edit(ProtectedDomain.self, id: id, fields: fields).id
        }
    }

    private func delete(_ collection: SettingsCollection, id: RecordID) async throws -> RecordID? {
        switch collection {
        case .allowPolicies: try await client.delete(AllowPolicy.self, id: id)
        case .blockSenders: try await client.delete(BlockedSender.self, id: id)
        case .trustedDomains: try await client.delete(TrustedDomain.self, id: id)
        case .impersonationRegistry: try await client.delete(ImpersonationEntry.self, id: id)
        case .domains: try await client.delete(ProtectedDomain.self, id: id)
        }
    }

    // MARK: - Reconciliation

    /// Settles `sent`/`unknown` items of a collection from the live state: a create whose record now exists
    /// is done (with that id), else pending; an update whose content is live is done; a delete whose target
    /// is gone is done. Returns how many items were settled.
    func reconcile(_ collection: SettingsCollection) async throws -> Int {
        let uncertain = try await journal.items(in: [.sent, .unknown], collection: collection)
        guard !uncertain.isEmpty else { return 0 }
        let live = try await LiveState.fetch(collection, client: client)
        var byKey: [String: [NormalizedRecord]] = [:]
        var byID: [RecordID: NormalizedRecord] = [:]
        for r in live {
            byKey[r.naturalKey, default: []].append(r)
            if let id = r.id { byID[id] = r }
        }
        // Ids already credited to done creates cannot be claimed twice.
        var claimed = Set(try await journal.items(in: [.done], collection: collection).compactMap(\.serverID))
        var updates: [(seq: Int64, state: JournalItem.State, serverID: RecordID?, error: String?)] = []
        for item in uncertain {
            switch item.action {
            case .create:
                if let match = byKey[item.naturalKey]?.first(where: { $0.id.map { !claimed.contains($0) } ?? false }) {
                    claimed.insert(match.id!)
                    updates.append((item.seq, .done, match.id, nil))
                } else {
                    updates.append((item.seq, .pending, nil, nil))
                }
            case .update:
                let current = item.targetID.flatMap { byID[$0] }
                let applied = current.map { item.record?.hasSameContent(as: $0) ?? false } ?? false
                updates.append((item.seq, applied ? .done : .pending, item.targetID, nil))
            case .delete:
                updates.append((item.seq, item.targetID.map { byID[$0] == nil } ?? true ? .done : .pending,
                                item.targetID, nil))
            default:
                updates.append((item.seq, .failed, nil, "not a write"))
            }
        }
        try await journal.mark(updates)
        logger.info("reconciled", metadata: ["collection": "\(collection)", "items": "\(updates.count)"])
        return updates.count
    }

    /// The writable fields of a record, for PATCH bodies and batch patches.
    static func fields(of record: NormalizedRecord) throws -> [String: WireValue] {
        let encoder = JSONEncoder()
        encoder.userInfo[WireCoding.writeBodyKey] = true
        let data = try RecordCoding.data(record, encoder: encoder)
        return try JSONDecoder().decode([String: WireValue].self, from: data)
    }
}

public import ESAPI
import ESRecords
import Foundation
public import Logging

/// Applies a journaled plan through the API, exactly once across crashes and lost responses.
///
/// Order of work: first reconcile every item that is `sent` or `unknown` (its request may have been applied)
/// against the live collection by natural key; then send what is `pending`, read from the journal a page at
/// a time — in batches of up to `batchSize` per collection where the API has a batch endpoint, else one
/// request per record. Up to `concurrency` requests (batches or single records, of any collections) are in
/// flight at once, all under the client's shared rate limiter, whose 429 pause holds every one of them. An
/// item whose natural key is in flight waits for that request to finish, so a delete and a create of the same
/// key never race. An answer that never came marks the items `unknown`, and they are reconciled before the
/// next round.
///
/// Memory holds one page of pending items per collection and the requests in flight, whatever the journal's
/// size: progress counts are kept from the journal's counts at the start of the run, and the report's
/// counts come from SQL.
public struct Importer<C: Clock>: Sendable where C.Duration == Duration {
    public let client: EmailSecurityClient<C>
    public let journal: Journal
    public var batch: BatchPolicy
    public var batchSize: Int
    /// Requests in flight: batches and per-record requests alike.
    public var concurrency: Int
    /// Domain deletes go through `POST …/domains/batch` (default) or the deprecated bulk
    /// `DELETE …/settings/domains` with its JSON array body.
    public var domainDeletes: DomainDeleteRoute = .batch
    /// Set from a signal handler: no new request is dispatched; in-flight ones finish and are journaled.
    public var stop: StopSignal
    /// Called after each journaled outcome (progress bars, `--progress json`).
    public var onProgress: (@Sendable (ImportProgress) -> Void)?
    /// The most failures ``ImportReport/failures`` lists (the journal keeps all of them).
    public var maxReportedFailures = 10_000
    let logger: Logger

    /// An importer applying `journal`'s pending items through `client`.
    ///
    /// - Parameters:
    ///   - client: the account's client; its limiter paces every request.
    ///   - journal: the journal whose pending (and uncertain) items are applied.
    ///   - batch: whether to use the batch endpoints (`auto`: where the API has them).
    ///   - batchSize: records per batch request (at most 1000).
    ///   - concurrency: requests in flight at once, batches included.
    ///   - stop: requested from a signal handler, stops dispatching; requests in flight finish and are journaled.
    ///   - logger: where retries, reconciliations and failures are logged.
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
        var tally = Tally(counts: try await journal.counts(), started: started)
        var noBatch = Set<SettingsCollection>()
        do {
            for _ in 0..<maxRounds where !stop.isRequested {
                try Task.checkCancellation()
                for collection in try await journal.collections(in: [.sent, .unknown]) {
                    report.reconciled += try await reconcile(collection)
                }
                tally.counts = try await journal.counts()
                if (tally.counts[.pending] ?? 0) == 0 { break }
                try await dispatch(&report, tally: &tally, noBatch: &noBatch)
            }
        } catch let e as APIError where e.kind == .stopped && stop.isRequested {
            // A reconciliation's read stopped before it was sent: its items stay sent/unknown for the next run.
        }
        report.counts = try await journal.countsByCollection()
        report.failures = try await journal.page([.failed], after: 0, limit: maxReportedFailures)
        report.failedTotal = report.counts.values.reduce(0) { $0 + ($1[.failed] ?? 0) }
        let after = client.statistics
        report.apiRequests = after.requests - before.requests
        report.rateLimited = after.rateLimited - before.rateLimited
        report.retries = after.retries - before.retries
        report.seconds = (ContinuousClock.now - started).seconds
        return report
    }

    /// Counts for progress events, kept from the journal's and each unit's outcomes.
    struct Tally {
        var counts: [JournalItem.State: Int]
        var started: ContinuousClock.Instant

        /// Moves each dispatched item from pending to the state it was journaled with, so the total (the sum
        /// of all states) stays the number of items. (It used to count settled items twice: "2/4" for 2 items.)
        mutating func settle(_ states: [JournalItem.State]) {
            for s in states where s != .pending {
                counts[s, default: 0] += 1
                counts[.pending] = max(0, (counts[.pending] ?? 0) - 1)
            }
        }
    }

    /// One request's worth of work: a batch, or one record.
    struct Unit: Sendable {
        var collection: SettingsCollection
        var items: [JournalItem]
        var isBatch: Bool
    }

    /// What a unit's request came to.
    struct UnitResult: Sendable {
        var unit: Unit
        var outcome: BatchOutcome
        /// The states the unit's items were journaled with.
        var states: [JournalItem.State]
    }

    /// Sends every pending item once: pages from the journal become units, and up to `concurrency` units are
    /// in flight. Refused batches come back as single-record units; an item whose key is in flight waits.
    private func dispatch(_ report: inout ImportReport, tally: inout Tally, noBatch: inout Set<SettingsCollection>)
        async throws
    {
        var feed = PendingFeed(journal: journal, collections: try await journal.collections(in: [.pending]),
                               pageSize: max(batchSize * 2, 500))
        var retries: [Unit] = []
        var inFlightKeys = Set<String>()
        var inFlight = 0
        try await withThrowingTaskGroup(of: UnitResult.self) { group in
            /// The next unit to send, `nil` when none can start now (the feed is dry or blocked by a key in flight).
            func nextUnit() async throws -> Unit? {
                if let i = retries.firstIndex(where: { !inFlightKeys.contains($0.items[0].naturalKey) }) {
                    return retries.remove(at: i)
                }
                guard let collection = try await feed.currentCollection() else { return nil }
                let useBatch = batch != .off && collection.hasBatchEndpoint && !noBatch.contains(collection)
                let items = try await feed.take(upTo: useBatch ? batchSize : 1, excluding: inFlightKeys)
                guard !items.isEmpty else { return nil }
                return Unit(collection: collection, items: items, isBatch: useBatch)
            }
            func start() async throws -> Bool {
                guard !stop.isRequested, !Task.isCancelled, inFlight < concurrency,
                      let unit = try await nextUnit() else { return false }
                try await journal.markSent(unit.items.map(\.seq))
                for item in unit.items { inFlightKeys.insert(item.naturalKey) }
                inFlight += 1
                group.addTask { try await self.send(unit) }
                return true
            }
            while try await start() {}
            while let result = try await group.next() {
                inFlight -= 1
                for item in result.unit.items { inFlightKeys.remove(item.naturalKey) }
                report.writeRequests += 1
                tally.settle(result.states)
                let followUp = try await self.followUp(result, report: &report, noBatch: &noBatch)
                retries += followUp
                if result.outcome == .refusedMaybePartly { tally.counts = try await journal.counts() }
                reportProgress(tally)
                while try await start() {}
            }
        }
    }

    /// The single-record units a unit's result leaves to send: none once applied, every item of a batch the API
    /// has no endpoint for or refused as a whole, and the items still pending once a domain batch that may have
    /// been applied in part is settled against live state.
    private func followUp(_ result: UnitResult, report: inout ImportReport, noBatch: inout Set<SettingsCollection>)
        async throws -> [Unit]
    {
        let unit = result.unit
        let oneByOne = { (items: [JournalItem]) in items.map { Unit(collection: $0.collection, items: [$0], isBatch: false) } }
        switch result.outcome {
        case .applied, .uncertain, .stopped:
            return []
        case .noEndpoint:
            guard batch == .auto else { throw MigrationError.noBatchEndpoint(unit.collection) }
            if noBatch.insert(unit.collection).inserted {
                logger.notice("no batch endpoint; sending one request per record",
                              metadata: ["collection": "\(unit.collection)"])
            }
            return oneByOne(unit.items)
        case .refused:
            // An atomic batch refused as a whole: find the culprits one by one.
            return oneByOne(unit.items)
        case .refusedMaybePartly:
            // Domain batches are not documented as atomic: settle what was applied first.
            report.reconciled += try await reconcile(unit.collection, only: unit.items)
            let seqs = Set(unit.items.map(\.seq))
            var pending: [Unit] = []
            var after: Int64 = (seqs.min() ?? 1) - 1
            while true {
                let page = try await journal.page([.pending], collection: unit.collection, after: after, limit: 1000)
                guard let last = page.last else { break }
                pending += oneByOne(page.filter { seqs.contains($0.seq) })
                guard last.seq < (seqs.max() ?? 0) else { break }
                after = last.seq
            }
            return pending
        }
    }

    /// Sends one unit and journals its outcome.
    private func send(_ unit: Unit) async throws -> UnitResult {
        if unit.isBatch {
            let (outcome, states) = try await applyBatch(unit.collection, unit.items)
            return UnitResult(unit: unit, outcome: outcome, states: states)
        }
        let (seq, state, id, error) = try await applyOne(unit.items[0])
        try await journal.mark([(seq, state, id, error)])
        return UnitResult(unit: unit, outcome: state == .pending ? .stopped : .applied, states: [state])
    }

    // MARK: - Batch

    enum BatchOutcome { case applied, uncertain, noEndpoint, refused, refusedMaybePartly, stopped }

    /// Sends one batch of already-`sent` items and journals the outcome; returns it with the items' new states.
    func applyBatch(_ collection: SettingsCollection, _ items: [JournalItem]) async throws
        -> (BatchOutcome, [JournalItem.State])
    {
        do {
            let results: [(Int64, RecordID?)]
            if collection == .domains, domainDeletes == .bulk, items.allSatisfy({ $0.action == .delete }) {
                let gone = Set(try await client.bulkDeleteDomains(items.compactMap(\.write.target)))
                // Ids the server did not echo are settled by reconciliation.
                results = items.map { ($0.seq, $0.write.target) }
                let missing = items.filter { !gone.contains($0.write.target ?? "") }
                if !missing.isEmpty {
                    try await journal.mark(missing.map { ($0.seq, .unknown, nil, "not confirmed by the bulk delete") })
                    let confirmed = items.filter { gone.contains($0.write.target ?? "") }
                    try await journal.mark(confirmed.map { ($0.seq, .done, $0.write.target, nil) })
                    return (.uncertain, Array(repeating: .done, count: confirmed.count))
                }
            } else if let type = collection.recordType as? any BatchableRecord.Type {
                results = try await batchCall(type, items)
            } else {
                try await journal.mark(items.map { ($0.seq, .pending, nil, nil) })
                return (.noEndpoint, [])
            }
            try await journal.mark(results.map { ($0.0, .done, $0.1, nil) })
            return (.applied, Array(repeating: .done, count: results.count))
        } catch let e as APIError where e.isAuthenticationFailure || e.kind == .stopped {
            // Refused before anything was applied, or stopped before it was sent: the items are pending again.
            // A refused credential stops the run: no other request can fare better.
            try await journal.mark(items.map { ($0.seq, .pending, nil, nil) })
            if e.kind == .stopped { return (.stopped, []) }
            throw e
        } catch let e as APIError where e.kind == .http && (e.status == 404 || e.status == 405) {
            try await journal.mark(items.map { ($0.seq, .pending, nil, nil) })
            return (.noEndpoint, [])
        } catch let e as APIError where e.kind == .http && (400..<500).contains(e.status ?? 0) && e.status != 429
                    && collection == .domains {
            try await journal.mark(items.map { ($0.seq, .unknown, nil, "\(e)") })
            logger.notice("domain batch refused; settling it, then retrying its records one by one",
                          metadata: ["error": "\(e)"])
            return (.refusedMaybePartly, [])
        } catch let e as APIError where e.kind == .http && (400..<500).contains(e.status ?? 0) && e.status != 429 {
            // Atomic: nothing was applied.
            try await journal.mark(items.map { ($0.seq, .pending, nil, nil) })
            logger.notice("batch refused; retrying its records one by one", metadata: ["error": "\(e)"])
            return (.refused, [])
        } catch let e as APIError {
            try await journal.mark(items.map { ($0.seq, .unknown, nil, "\(e)") })
            return (.uncertain, [])
        }
    }

    private func batchCall<R: BatchableRecord>(_ type: R.Type, _ items: [JournalItem]) async throws
        -> [(Int64, RecordID?)]
    {
        var creates: [(seq: Int64, record: R)] = []
        var updates: [(seq: Int64, id: RecordID, fields: [String: JSONValue])] = []
        var deletes: [(seq: Int64, id: RecordID)] = []
        for item in items {
            switch item.write {
            case .create(let record):
                guard let model = record.model(as: R.self) else { throw MigrationError.recordOfAnotherCollection(item) }
                creates.append((item.seq, model))
            case .update(let target, let record, _): updates.append((item.seq, target, try Self.fields(of: record)))
            case .delete(let target, _): deletes.append((item.seq, target))
            }
        }
        let request = BatchRequest<R>(deletes: deletes.map(\.id), patches: updates.map { ($0.id, $0.fields) },
                                      posts: creates.map(\.record))
        let result = try await client.batch(request)
        // Posts come back in request order.
        return creates.enumerated().map { ($0.element.seq, result.posts.indices.contains($0.offset) ? result.posts[$0.offset].id : nil) }
            + updates.map { ($0.seq, $0.id) } + deletes.map { ($0.seq, $0.id) }
    }

    /// Tells `onProgress` where the run stands (counts seeded from the journal, so resumed runs count right).
    private func reportProgress(_ tally: Tally) {
        guard let onProgress else { return }
        onProgress(ImportProgress(done: tally.counts[.done] ?? 0, failed: tally.counts[.failed] ?? 0,
                                  total: tally.counts.values.reduce(0, +), rateLimited: client.statistics.rateLimited,
                                  seconds: (ContinuousClock.now - tally.started).seconds))
    }

    // MARK: - One by one

    /// Sends one record's request; a refused credential is thrown (after journaling the item as pending
    /// again), every other failure is the item's outcome.
    func applyOne(_ item: JournalItem) async throws -> (Int64, JournalItem.State, RecordID?, String?) {
        do {
            let id: RecordID?
            switch item.write {
            case .create(let record): id = try await create(record)
            case .update(let target, let record, _): id = try await update(record, id: target)
            case .delete(let target, _): id = try await delete(item.collection, id: target)
            }
            return (item.seq, .done, id, nil)
        } catch let e as APIError where e.isAuthenticationFailure {
            try await journal.mark([(item.seq, .pending, nil, nil)])
            throw e
        } catch let e as APIError where e.kind == .stopped {
            // Stopped while it waited to be sent: nothing reached the server.
            return (item.seq, .pending, nil, nil)
        } catch let e as APIError {
            if e.kind == .outcomeUnknown || e.isRetryable { return (item.seq, .unknown, nil, "\(e)") }
            if case .delete(let target, _) = item.write, e.isNotFound { return (item.seq, .done, target, nil) }
            return (item.seq, .failed, nil, "\(e)")
        } catch {
            return (item.seq, .failed, nil, "\(error)")
        }
    }

    private func create(_ record: NormalizedRecord) async throws -> RecordID? {
        func create<R: SettingsRecord>(_ model: R) async throws -> RecordID? { try await client.create(model).id }
        return try await create(record.record)
    }

    private func update(_ record: NormalizedRecord, id: RecordID) async throws -> RecordID? {
        let fields = try Self.fields(of: record)
        func edit<R: SettingsRecord>(_ model: R) async throws -> RecordID? {
            try await client.edit(R.self, id: id, fields: fields).id
        }
        return try await edit(record.record)
    }

    private func delete(_ collection: SettingsCollection, id: RecordID) async throws -> RecordID? {
        func delete<R: SettingsRecord>(_ type: R.Type) async throws -> RecordID { try await client.delete(R.self, id: id) }
        return try await delete(collection.recordType)
    }

    // MARK: - Reconciliation

    /// Settles `sent`/`unknown` items of a collection (all of them, or `only` these) from a fresh snapshot of
    /// the live collection, streamed into the journal a page at a time: a create whose record now exists is
    /// done (with that id), else pending; an update whose content is live is done; a delete whose target is
    /// gone is done. Returns how many items were settled.
    func reconcile(_ collection: SettingsCollection, only: [JournalItem]? = nil) async throws -> Int {
        let wanted = only.map { Set($0.map(\.seq)) }
        let first = try await journal.page([.sent, .unknown], collection: collection, after: 0, limit: 1)
        guard !first.isEmpty else { return 0 }
        try await journal.clearSnapshot(collection)
        try await LiveState.forEachPage(collection, client: client) { page in try await journal.addToSnapshot(page) }
        var settled = 0
        var after: Int64 = 0
        while true {
            let page = try await journal.page([.sent, .unknown], collection: collection, after: after, limit: 1000)
            guard let last = page.last else { break }
            settled += try await journal.settle(wanted.map { w in page.filter { w.contains($0.seq) } } ?? page)
            after = last.seq
        }
        try await journal.clearSnapshot(collection)
        logger.info("reconciled", metadata: ["collection": "\(collection)", "items": "\(settled)"])
        return settled
    }

    /// The fields an update sends, for PATCH bodies and batch patches: the record's write body, parsed losslessly,
    /// without the fields its collection does not let an update change (a protected domain's name).
    static func fields(of record: NormalizedRecord) throws -> [String: JSONValue] {
        let encoder = JSONEncoder()
        encoder.userInfo[WireCoding.writeBodyKey] = true
        let data = try RecordCoding.data(record, encoder: encoder)
        guard case .object(let pairs) = try JSONParser.parse(Array(data)) else { return [:] }
        let immutable = type(of: record.record).immutableFields
        return Dictionary(pairs.filter { !immutable.contains($0.key) }, uniquingKeysWith: { _, last in last })
    }
}

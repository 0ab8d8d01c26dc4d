import ESRecords

/// Reads a round's pending items from the journal a page at a time, collection by collection, in plan order.
struct PendingFeed {
    let journal: Journal
    let collections: [SettingsCollection]
    let pageSize: Int
    private var index = 0
    private var cursor: Int64 = 0
    private var buffer: [JournalItem] = []
    /// The first item of `buffer` not yet taken.
    private var next = 0
    private var exhausted = false

    init(journal: Journal, collections: [SettingsCollection], pageSize: Int) {
        self.journal = journal
        self.collections = collections
        self.pageSize = pageSize
    }

    /// The collection whose items come next, `nil` when every collection is done.
    mutating func currentCollection() async throws -> SettingsCollection? {
        while index < collections.count {
            if next < buffer.count { return collections[index] }
            if !exhausted {
                try await refill()
                if next < buffer.count { return collections[index] }
            }
            index += 1
            cursor = 0
            exhausted = false
        }
        return nil
    }

    /// Up to `n` items of the current collection, in order, stopping before the first whose natural key is in
    /// `excluding` or already taken (so two writes of one key are never in flight together).
    mutating func take(upTo n: Int, excluding: Set<String>) async throws -> [JournalItem] {
        var taken: [JournalItem] = []
        var keys = Set<String>()
        while taken.count < n {
            if next == buffer.count {
                guard !exhausted else { break }
                try await refill()
                if next == buffer.count { break }
            }
            let item = buffer[next]
            guard !excluding.contains(item.naturalKey), keys.insert(item.naturalKey).inserted else { break }
            taken.append(item)
            next += 1
        }
        return taken
    }

    private mutating func refill() async throws {
        let page = try await journal.page([.pending], collection: collections[index], after: cursor, limit: pageSize)
        if let last = page.last { cursor = last.seq }
        if page.count < pageSize { exhausted = true }
        buffer.removeFirst(next)
        next = 0
        buffer += page
    }
}

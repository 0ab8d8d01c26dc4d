public import ESAPI
public import ESRecords

/// Selects live records for a bulk delete or a domain unprotect, as delete decisions for the import engine.
public enum Cleanup {
    /// What a selection found.
    public struct Selection: Sendable {
        public var collection: SettingsCollection
        /// The records to delete, in list order.
        public var matches: [NormalizedRecord]
        /// Live records in the collection.
        public var total: Int
        /// Directory-synced registry entries that matched but are read-only (left alone).
        public var readOnly: Int = 0
        /// Names asked for (`unprotect --domain`, `--from-file`) that no live domain has.
        public var notFound: [String] = []

        /// The delete decisions for the journal.
        public var decisions: [PlanDecision] {
            matches.map { PlanDecision(.delete(live: $0), reason: "selected") }
        }
    }

    /// The live records of `collection` that `filter` selects.
    ///
    /// - Throws: ``CleanupError/matchesEverything(collection:count:)`` when the selection is the whole
    ///   (non-empty) collection and `all` is false.
    public static func select<C: Clock>(_ collection: SettingsCollection, filter: DeleteFilter, all: Bool,
                                        client: EmailSecurityClient<C>) async throws -> Selection
        where C.Duration == Duration
    {
        try filter.check(for: collection)
        let compiled = try filter.compiled()
        let live = try await LiveState.fetch(collection, client: client)
        var selection = Selection(collection: collection, matches: [], total: live.count)
        for record in live where compiled.matches(record) {
            if record.isReadOnly {
                selection.readOnly += 1
                continue
            }
            selection.matches.append(record)
        }
        try refuseEverything(selection, all: all)
        return selection
    }

    /// Which domains to unprotect.
    public enum DomainChoice: Sendable {
        /// Exact names (case-insensitive; IDNs in Unicode or Punycode).
        case names([String])
        /// Domain names matching a regex.
        case match(String)
        /// Every protected domain.
        case all

        /// The choice as text, for naming its journal: names compare as the selection does (case, a trailing
        /// dot, Unicode or Punycode), so spellings of the same domains resume each other.
        public var identity: String {
            switch self {
            case .all: "unprotect\nall"
            case .match(let m): "unprotect\nmatch=\(m)"
            case .names(let names): "unprotect\nnames=" + Set(names.map(Cleanup.canonical)).sorted().joined(separator: ",")
            }
        }
    }

    /// Resolves domain names to live protected domains.
    public static func selectDomains<C: Clock>(_ choice: DomainChoice, client: EmailSecurityClient<C>) async throws
        -> Selection where C.Duration == Duration
    {
        let live = try await LiveState.fetch(.domains, client: client)
        var selection = Selection(collection: .domains, matches: [], total: live.count)
        switch choice {
        case .all:
            selection.matches = live
        case .match(let pattern):
            let filter = DeleteFilter(match: pattern)
            try filter.check(for: .domains)
            let compiled = try filter.compiled()
            selection.matches = live.filter(compiled.matches)
            try refuseEverything(selection, all: false)
        case .names(let names):
            var byName: [String: [NormalizedRecord]] = [:]
            for r in live { if case .domain(let d) = r { byName[canonical(d.domain), default: []].append(r) } }
            var seen = Set<String>()
            for name in names {
                let key = canonical(name)
                guard seen.insert(key).inserted else { continue }
                if let found = byName[key] { selection.matches += found } else { selection.notFound.append(name) }
            }
        }
        return selection
    }

    static func canonical(_ name: String) -> String {
        let trimmed = TextCleaning.trim(name).lowercased()
        let bare = trimmed.hasSuffix(".") ? String(trimmed.dropLast()) : trimmed
        return DomainName.normalize(bare)?.name ?? bare
    }

    static func refuseEverything(_ selection: Selection, all: Bool) throws {
        if !all, selection.total > 0, selection.matches.count + selection.readOnly == selection.total {
            throw CleanupError.matchesEverything(collection: selection.collection, count: selection.total)
        }
    }
}

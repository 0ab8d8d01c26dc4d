public import ESRecords
public import Foundation

/// Which live records a bulk delete selects: every given criterion must hold (AND).
///
/// - `match`: a regex searched (not anchored) in the pattern (allow, block, trusted), the name or the email
///   (registry) or the domain name (domains);
/// - `patternType`: allow policies and blocked senders only;
/// - `createdBefore`: records whose `created_at` is earlier (records without one never match);
/// - `commentMatch`: a regex searched in `comments` (a record without comments never matches);
/// - `ids`: only these ids (`--ids-file`, `--from-export`).
public struct DeleteFilter: Sendable {
    public var match: String?
    public var patternType: PatternType?
    public var createdBefore: Date?
    public var commentMatch: String?
    public var ids: Set<RecordID>?

    /// A filter; every criterion given must hold for a record to be selected (none given selects everything).
    public init(match: String? = nil, patternType: PatternType? = nil, createdBefore: Date? = nil,
                commentMatch: String? = nil, ids: Set<RecordID>? = nil) {
        self.match = match
        self.patternType = patternType
        self.createdBefore = createdBefore
        self.commentMatch = commentMatch
        self.ids = ids
    }

    /// Whether no criterion is given (such a filter selects everything).
    public var isEmpty: Bool {
        match == nil && patternType == nil && createdBefore == nil && commentMatch == nil && ids == nil
    }

    /// The selection as text, for naming its journal: built from the criteria as parsed, so spellings that
    /// select the same records (`--pattern-type email` and `EMAIL`, a date with or without its time) name the
    /// same journal and resume each other.
    public func identity(of collection: SettingsCollection, all: Bool) -> String {
        let stamp = ISO8601DateFormatter()
        stamp.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let before = createdBefore.map(stamp.string(from:)) ?? ""
        return ["delete", collection.rawValue, "match=\(match ?? "")", "type=\(patternType?.rawValue ?? "")",
                "before=\(before)", "comment=\(commentMatch ?? "")", "all=\(all)",
                "ids=" + (ids.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "")]
            .joined(separator: "\n")
    }

    /// Refuses criteria the collection cannot have and regexes that do not compile.
    public func check(for collection: SettingsCollection) throws {
        if patternType != nil, ![.allowPolicies, .blockSenders].contains(collection) {
            throw CleanupError.filter("a pattern type criterion applies to allow_policies and block_senders only",
                                      criterion: "patternType", collection: collection)
        }
        if commentMatch != nil, collection == .domains {
            throw CleanupError.filter("domains have no comments, so a comment criterion does not apply",
                                      criterion: "commentMatch", collection: collection)
        }
        for (criterion, pattern) in [("match", match), ("commentMatch", commentMatch)] {
            guard let pattern else { continue }
            do { _ = try NSRegularExpression(pattern: pattern) } catch {
                throw CleanupError.filter("'\(pattern)' is not a valid regular expression", criterion: criterion,
                                          collection: collection)
            }
        }
    }

    /// The compiled form, for matching many records.
    package func compiled() throws -> Compiled {
        Compiled(filter: self, match: try match.map { try NSRegularExpression(pattern: $0) },
                 comment: try commentMatch.map { try NSRegularExpression(pattern: $0) }, dates: DateParser())
    }

    /// A filter with its regexes compiled and its date formatters made once (not once per record).
    package struct Compiled {
        let filter: DeleteFilter
        let match: NSRegularExpression?
        let comment: NSRegularExpression?
        let dates: DateParser

        /// Whether `record` meets every criterion (compiling the regexes each call; use ``compiled()`` for many
        /// records).
        public func matches(_ record: NormalizedRecord) -> Bool {
            if let ids = filter.ids, !(record.id.map(ids.contains) ?? false) { return false }
            if let match, !record.record.matchTexts.contains(where: { Self.search(match, $0) }) { return false }
            if let type = filter.patternType, record.record.declaredPatternType != type { return false }
            if let comment {
                guard let text = record.record.comments, Self.search(comment, text) else { return false }
            }
            if let before = filter.createdBefore {
                guard let created = record.record.createdAt.flatMap(dates.parse), created < before else { return false }
            }
            return true
        }

        static func search(_ regex: NSRegularExpression, _ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    /// Parses `YYYY-MM-DD` (midnight UTC) or an RFC 3339 timestamp, with or without fractional seconds.
    public static func parseDate(_ text: String) -> Date? { DateParser().parse(text) }

    /// The three accepted date forms, each with its formatter.
    struct DateParser {
        let formatters: [ISO8601DateFormatter] = ([
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime], [.withFullDate],
        ] as [ISO8601DateFormatter.Options]).map { options in
            let f = ISO8601DateFormatter()
            f.formatOptions = options
            return f
        }

        func parse(_ text: String) -> Date? {
            for f in formatters { if let d = f.date(from: text) { return d } }
            return nil
        }
    }
}

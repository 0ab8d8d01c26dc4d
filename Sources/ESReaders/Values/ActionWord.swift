/// Maps a legacy action or list word to what esmigrate does with the entry (R27).
package enum ActionWord: Sendable, Hashable {
    case allow
    case block
    /// Quarantine, tag, throttle, suspect: recognised but not representable (`skipped/unsupported_action`).
    case unsupported
    /// Not an action word (`rejected/unknown_action`).
    case unknown

    private static let allowWords: Set<String> = [
        "allow", "allowed", "allowlist", "allowlisted", "permit", "permitted", "exempt", "exempted", "safe",
        "safesender", "approved", "approve", "whitelist", "whitelisted", "welcomelist", "welcomelisted", "accept",
        "accepted", "good", "trusted", "trust",
        // German-locale exports.
        "erlaubt", "erlauben", "zulassen", "zugelassen", "sicher", "sichererabsender", "vertrauenswuerdig", "vertrauenswürdig",
    ]
    private static let blockWords: Set<String> = [
        "block", "blocked", "blocklist", "blocklisted", "blacklist", "blacklisted", "deny", "denied", "reject",
        "rejected", "bad", "blockedsender", "banned", "ban", "drop",
        "blockiert", "blockieren", "gesperrt", "sperren", "blockierterabsender",
    ]
    private static let unsupportedWords: Set<String> = [
        "quarantine", "quarantined", "tag", "tagged", "throttle", "throttled", "suspect", "suspected",
        "quarantaene", "quarantäne",
    ]
    /// Words that only say "this is a list of senders" and carry no action.
    private static let fillerWords: Set<String> = [
        "list", "lists", "sender", "senders", "entry", "entries", "address", "addresses", "policy", "policies",
        "the", "email", "emails", "domain", "domains", "item", "items",
    ]

    /// Classifies `text`, ignoring case and non-letters (`Safe Sender List`, `BLOCKED`, `block_list`).
    public static func classify(_ text: String) -> ActionWord {
        let letters: String
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly always): fold and filter bytes without Unicode property lookups.
            letters = String(decoding: text.utf8.compactMap { b -> UInt8? in
                if b >= 97 && b <= 122 { return b }
                if b >= 65 && b <= 90 { return b + 32 }
                return nil
            }, as: UTF8.self)
        } else {
            letters = String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic })
        }
        if let direct = lookup(letters) { return direct }
        // Word by word: drop filler words, then try the rest joined and each word alone.
        let words = text.lowercased()
            .split(whereSeparator: { !$0.isLetter })
            .map(String.init)
            .filter { !fillerWords.contains($0) }
        if words.isEmpty { return .unknown }
        if let joined = lookup(words.joined()) { return joined }
        let kinds = Set(words.compactMap(lookup))
        guard kinds.count == 1, let only = kinds.first else { return .unknown }
        return only
    }

    private static func lookup(_ word: String) -> ActionWord? {
        if allowWords.contains(word) { return .allow }
        if blockWords.contains(word) { return .block }
        if unsupportedWords.contains(word) { return .unsupported }
        return nil
    }
}

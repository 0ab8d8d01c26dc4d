import ESRecords

/// Parses the HAT (host access table) text that Cisco Secure Email keeps inside `<hat>` in `config.xml`.
///
/// Layout (modelled on `saveconfig` and HAT exports, `legacy-formats.md` §7): mail-flow policy definitions
/// `$NAME` in column 0 followed by `ACTION { … }` blocks; sender groups `NAME:` in column 0 followed by
/// indented lines — a `$POLICY (comment)` line and entries, several per line when separated by commas or blanks;
/// `ALL` in column 0 is the catch-all group; `#` starts a comment.
struct CiscoHATParser {
    /// One sender-group entry with its group and physical line.
    struct Entry: Sendable, Hashable {
        var line: Int
        var group: String
        var policy: String?
        var text: String
    }

    /// What a group's entries become.
    enum GroupAction: Sendable, Hashable {
        case allow, block
        case skip(ReasonCode)
    }

    /// Splits HAT text into entries; `firstLine` is the physical line the text starts on.
    static func entries(in text: String, firstLine: Int) -> (entries: [Entry], policies: [String: String]) {
        var entries: [Entry] = []
        var policies: [String: String] = [:]      // $NAME → ACCEPT/REJECT/RELAY/TCPREFUSE/CONTINUE
        var groupPolicy: [String: String] = [:]   // group → its `$POLICY` line
        var group: String?
        var definingPolicy: String?
        var braceDepth = 0
        var lineNumber = firstLine
        for rawLine in physicalLines(text) {
            defer { lineNumber += 1 }
            let lineText = code(of: rawLine)
            let trimmed = TextCleaning.trim(lineText)
            if trimmed.isEmpty { continue }
            if braceDepth > 0 {
                braceDepth += braceBalance(trimmed)
                continue
            }
            let indented = lineText.first == " " || lineText.first == "\t"
            if !indented {
                if trimmed.hasPrefix("$") {
                    definingPolicy = String(trimmed.prefix { !$0.isWhitespace })
                    group = nil
                    continue
                }
                definingPolicy = nil
                if trimmed.hasSuffix(":") {
                    group = String(trimmed.dropLast())
                    continue
                }
                if trimmed.uppercased() == "ALL" {
                    group = "ALL"
                    entries.append(Entry(line: lineNumber, group: "ALL", policy: nil, text: "ALL"))
                    continue
                }
                // A column-0 line that is neither header nor policy: treat as an entry of the current group.
            }
            if let name = definingPolicy, group == nil {
                let action = trimmed.prefix { $0.isLetter }.uppercased()
                if !action.isEmpty, policies[name] == nil { policies[name] = action }
                braceDepth += braceBalance(trimmed)
                continue
            }
            guard let currentGroup = group else { continue }
            if trimmed.hasPrefix("$") {
                groupPolicy[currentGroup] = String(trimmed.prefix { !$0.isWhitespace && $0 != "(" })
                continue
            }
            if trimmed.contains("{") {
                braceDepth += braceBalance(trimmed)
                continue
            }
            for part in splitEntries(trimmed) {
                entries.append(Entry(line: lineNumber, group: currentGroup, policy: nil, text: part))
            }
        }
        // A group's policy line may come before or after its entries; it applies to all of them.
        for k in entries.indices { entries[k].policy = groupPolicy[entries[k].group] }
        return (entries, policies)
    }

    /// The text's lines (LF or CRLF), without an empty last one after a final line break.
    static func physicalLines(_ text: String) -> [Substring] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// A line without its carriage return and its `#` comment.
    static func code(of line: Substring) -> String {
        var text = String(line)
        if text.hasSuffix("\r") { text.removeLast() }
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        return text
    }

    /// Opening minus closing braces on a line (a policy's parameter block spans lines).
    static func braceBalance(_ line: String) -> Int {
        line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
    }

    /// Entries on one line are separated by commas or blanks (but `sbrs[-10:-3]` and `dnslist[a,b]` keep theirs).
    static func splitEntries(_ line: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var bracket = 0
        for c in line {
            if c == "[" { bracket += 1 }
            if c == "]" { bracket = max(0, bracket - 1) }
            if (c == "," || c == " " || c == "\t") && bracket == 0 {
                let t = TextCleaning.trim(current)
                if !t.isEmpty { parts.append(t) }
                current = ""
            } else {
                current.append(c)
            }
        }
        let t = TextCleaning.trim(current)
        if !t.isEmpty { parts.append(t) }
        return parts
    }

    /// What a group's entries become, from its name and then its policy.
    static func action(group: String, policy: String?, policies: [String: String]) -> GroupAction {
        switch group.uppercased() {
        case "WHITELIST", "ALLOWED_LIST", "ALLOWLIST": return .allow
        case "BLACKLIST", "BLOCKED_LIST", "BLOCKLIST": return .block
        case "RELAYLIST", "RELAY_LIST", "RELAYED_LIST": return .skip(.relayList)
        case "SUSPECTLIST", "SUSPECT_LIST", "UNKNOWNLIST", "UNKNOWN_LIST", "ALL": return .skip(.unsupportedAction)
        default: break
        }
        switch policy?.uppercased() {
        case "$TRUSTED": return .allow
        case "$BLOCKED": return .block
        case "$RELAYED": return .skip(.relayList)
        case "$THROTTLED", "$ACCEPTED": return .skip(.unsupportedAction)
        case let p?:
            switch policies[p] ?? policies["$" + p.dropFirst()] {
            case "REJECT", "TCPREFUSE": return .block
            case "RELAY": return .skip(.relayList)
            default: return .skip(.unsupportedAction)
            }
        case nil:
            return .skip(.unsupportedAction)
        }
    }
}

/// `NO_PROXY` as curl reads it: a comma-separated list of host names, domain suffixes (`example.com` and
/// `.example.com` both match `api.example.com`), IP addresses, each optionally with `:port`, or `*` for every
/// host. Matching is case-insensitive; CIDR ranges are not read (curl reads them only since 7.86).
public struct NoProxyRules: Sendable, Hashable {
    struct Rule: Sendable, Hashable {
        var host: String
        var port: Int?
    }

    let matchesAll: Bool
    let rules: [Rule]

    /// Parses a `NO_PROXY` value.
    public init(_ text: String) {
        var all = false
        var rules: [Rule] = []
        for raw in text.split(separator: ",") {
            var entry = String(raw).trimmingWhitespace().lowercased()
            if entry == "*" { all = true; continue }
            var port: Int?
            if entry.hasPrefix("[") {
                // [v6]:port
                if let close = entry.firstIndex(of: "]") {
                    let after = entry[entry.index(after: close)...]
                    if after.hasPrefix(":") { port = Int(after.dropFirst()) }
                    entry = String(entry[entry.index(after: entry.startIndex)..<close])
                }
            } else if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
                port = Int(entry[entry.index(after: colon)...])
                entry = String(entry[..<colon])
            }
            while entry.hasPrefix(".") { entry.removeFirst() }
            if !entry.isEmpty { rules.append(Rule(host: entry, port: port)) }
        }
        matchesAll = all
        self.rules = rules
    }

    /// Whether requests to `host:port` bypass the proxy.
    public func matches(host: String, port: Int) -> Bool {
        if matchesAll { return true }
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        while name.hasSuffix(".") { name.removeLast() }
        return rules.contains { rule in
            (rule.port == nil || rule.port == port) && (name == rule.host || name.hasSuffix("." + rule.host))
        }
    }
}

import ESRecords

/// Cisco Secure Email (IronPort / ESA) `config.xml`: the HAT sender groups of every listener.
///
/// `WHITELIST`/`ALLOWED_LIST` entries become allow policies, `BLACKLIST`/`BLOCKED_LIST` blocked senders; the
/// other groups are reported as skipped (`relay_list`, `unsupported_action`). HAT entries match the connecting
/// host: IPs, ranges and partial IPs become IP records; a host name becomes a DOMAIN regex `^host$` and a
/// `.partial` host the subdomain regex; `sbrs[…]`, `dnslist[…]`, `SBO:` rules and `ALL` are not representable.
package struct CiscoESADialect: Sendable {
    /// The element names captured from the config.
    public static let captureElements: Set<String> = ["hat"]

    /// The Cisco ESA dialect.
    public init() {}

    /// Maps one `<hat>` element to one item per HAT entry, each with its physical line and its HAT text
    /// (`GROUP:` and the indented entry) for rejects files.
    public func map(_ record: XMLRecord) -> [(item: MappedItem, source: String)] {
        let (entries, policies) = CiscoHATParser.entries(in: record.text, firstLine: record.line)
        return entries.map { (map($0, policies: policies), "\($0.group):\n    \($0.text)") }
    }

    func map(_ e: CiscoHATParser.Entry, policies: [String: String]) -> MappedItem {
        let lower = e.text.lowercased()
        if lower == "all" {
            // The catch-all group: not a list of senders, whatever its policy.
            return .outcome(.skipped(.unsupportedSenderGroupRule, line: e.line, input: e.text,
                                     detail: "sender group \(e.group)"))
        }
        // R27: the group's action is resolved before the entry's pattern, so an SBRS range in a SUSPECTLIST is
        // skipped for its action (the group decides), and only one in an allow or block group for its rule.
        let target: RawEntry.Target
        switch CiscoHATParser.action(group: e.group, policy: e.policy, policies: policies) {
        case .allow: target = .allow(.legacyAllow)
        case .block: target = .block
        case .skip(let reason):
            return .outcome(.skipped(reason, line: e.line, input: e.text, detail: "sender group \(e.group)"))
        }
        if lower.hasPrefix("sbrs[") || lower.hasPrefix("dnslist[") || lower.hasPrefix("sbo:") {
            return .outcome(.skipped(.unsupportedSenderGroupRule, line: e.line, input: e.text,
                                     detail: "sender group \(e.group)"))
        }
        let rules = RawEntry.Rules(regexAllowed: false, hatHostnames: true, bareNumberIsPartialIP: true)
        return .entry(line: e.line, input: e.text, entry: RawEntry(target: target, value: e.text, rules: rules))
    }
}

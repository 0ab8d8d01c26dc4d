/// The dialects `--dialect` accepts; the names are part of the CLI contract.
public enum DialectName: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case area1Allow = "area1-allow"
    case area1Block = "area1-block"
    case area1Trusted = "area1-trusted"
    case area1Registry = "area1-registry"
    case dashboardAllow = "dashboard-allow"
    case m365TABL = "m365-tabl"
    case proofpointEssentials = "proofpoint-essentials"
    case barracuda = "barracuda"
    case ciscoESA = "cisco-esa"
    case genericXML = "generic-xml"
    case cloudflareJSONL = "cloudflare-jsonl"
    case m365EOP = "m365-eop-json"
    case mimecastPolicy = "mimecast-policy-json"
    case spamAssassin = "spamassassin-cf"
    case symantecSenders = "symantec-senders"
    case postfixAccess = "postfix-access"
    case forcepointAllow = "forcepoint-allow"
    case forcepointBlock = "forcepoint-block"
    /// Any CSV, described with `--collection` and `--map field=Column`.
    case mapped = "mapped"

    public var description: String { rawValue }

    /// The container format the dialect reads.
    public var format: SourceFormat {
        switch self {
        case .ciscoESA, .genericXML: .xml
        case .cloudflareJSONL, .m365EOP, .mimecastPolicy: .jsonLines
        case .spamAssassin, .symantecSenders, .postfixAccess: .text
        default: .csv
        }
    }

    /// One line for `--help` and error messages.
    public var summary: String {
        switch self {
        case .area1Allow: "Area 1 allowed patterns CSV (Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender)"
        case .area1Block: "Area 1 blocked senders CSV (Blocked_Sender, Notes)"
        case .area1Trusted: "Area 1 trusted domains CSV (Domain, Notes, Proximity, Recent)"
        case .area1Registry: "Area 1 display names CSV (Display_Name, Email) → impersonation registry"
        case .dashboardAllow: "Cloudflare dashboard allow-policy upload CSV (Pattern, Pattern Type, Verify Email, …, Notes)"
        case .m365TABL: "Microsoft 365 Tenant Allow/Block List Export-Csv (Value, Action, ListType, Notes, ExpirationDate…)"
        case .proofpointEssentials: "Proofpoint Essentials safe/blocked sender spreadsheet (sender + list/action columns)"
        case .barracuda: "Barracuda sender or IP policies CSV (Email Address|IP Address[, Netmask], Policy, Comment)"
        case .ciscoESA: "Cisco Secure Email (IronPort) config.xml: HAT sender groups"
        case .genericXML: "XML with <entry> elements inside allow/block list elements"
        case .cloudflareJSONL: "Cloudflare Email Security API objects, one per line (old and new field names)"
        case .m365EOP: "Exchange Online Protection / Exchange Server policies from ConvertTo-Json (AllowedSenders, BlockedSenderDomains, IPAllowList, TargetedUsersToProtect…)"
        case .mimecastPolicy: "Mimecast API Blocked Sender policies (get-policy) and Managed Senders, JSON or JSON Lines"
        case .spamAssassin: "SpamAssassin local.cf / user_prefs: welcomelist_*/blocklist_* directives"
        case .symantecSenders: "Symantec / Brightmail allowed-and-blocked senders file (AS:, RS:, AC:, RC: lines)"
        case .postfixAccess: "Postfix access(5) / cidr_table(5) source (pattern action [text])"
        case .forcepointAllow: "Forcepoint Email Security Cloud allowlist CSV (Address, Description); never auto-detected"
        case .forcepointBlock: "Forcepoint Email Security Cloud blocklist CSV (Address, Description); never auto-detected"
        case .mapped: "any CSV, with a collection and field=Column mappings"
        }
    }
}

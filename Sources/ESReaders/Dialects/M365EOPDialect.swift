import ESRecords

/// Exchange Online Protection / Exchange Server policy objects written by PowerShell's `ConvertTo-Json`
/// (§15.2): the elements of their list members (anti-spam allow/block lists, connection filter IP lists,
/// anti-phishing protected users and excluded domains).
package struct M365EOPDialect: Sendable {
    /// What a list member's units become (§15.2's table).
    enum List {
        case allow(PatternHint, expandsStar: Bool)
        case block(PatternHint, expandsStar: Bool, alwaysExpands: Bool)
        case registry
        case trustedExcluded
        case excludedSenders

        init?(member: String) {
            switch member {
            case "AllowedSenders", "BypassedSenders": self = .allow(.email, expandsStar: false)
            case "AllowedSenderDomains", "BypassedSenderDomains": self = .allow(.domain, expandsStar: true)
            case "BlockedSenders": self = .block(.email, expandsStar: false, alwaysExpands: false)
            case "BlockedSenderDomains", "BlockedDomains": self = .block(.domain, expandsStar: true, alwaysExpands: false)
            case "BlockedDomainsAndSubdomains": self = .block(.domain, expandsStar: true, alwaysExpands: true)
            case "IPAllowList": self = .allow(.ip, expandsStar: false)
            case "IPBlockList": self = .block(.ip, expandsStar: false, alwaysExpands: false)
            case "TargetedUsersToProtect": self = .registry
            case "ExcludedDomains": self = .trustedExcluded
            case "ExcludedSenders": self = .excludedSenders
            default: return nil
            }
        }

        var isDomainList: Bool {
            switch self {
            case .allow(let hint, _), .block(let hint, _, _): hint == .domain
            case .trustedExcluded: true
            default: false
            }
        }
    }

    public init() {}

    /// The item of one unit.
    public func map(_ unit: JSONUnit) -> MappedItem {
        var item = mapUnit(unit)
        if unit.policy?.isCustomPolicy == true { item.addWarning(.policyScopeNotChecked) }
        return item
    }

    private func mapUnit(_ unit: JSONUnit) -> MappedItem {
        let input = unit.compactText
        func outcome(_ status: RowOutcome.Status, _ reason: ReasonCode) -> MappedItem {
            .outcome(status == .skipped ? .skipped(reason, line: unit.line, input: input)
                : .rejected(reason, line: unit.line, input: input))
        }
        guard let value = unit.value else {
            return .outcome(.rejected(.tooLong, line: unit.line, input: "",
                                      detail: "the list element is longer than the reader's cap"))
        }
        guard let context = unit.policy, let list = List(member: context.member) else {
            return outcome(.rejected, .unrecognizedObject)
        }
        // 1. Disabled policies and protection.
        if context.disabled { return outcome(.skipped, .disabledEntry) }
        if case .registry = list, context.targetedProtectionOff { return outcome(.skipped, .disabledEntry) }
        // 2. Lists that are not imported.
        if case .excludedSenders = list { return outcome(.skipped, .unsupportedListType) }
        // 3. The value of the unit.
        var text: String
        switch value {
        case .string(let s): text = s
        case .null:
            if case .registry = list { return outcome(.rejected, .missingEmail) }
            return outcome(.rejected, .missingPattern)
        case .number, .bool, .array: return outcome(.rejected, .unrecognizedPattern)
        case .object:
            if case .registry = list { return outcome(.rejected, .unrecognizedObject) }
            guard let extracted = Self.extract(value) else { return outcome(.rejected, .unrecognizedObject) }
            text = extracted
            if list.isDomainList, Self.isTrue(value.member("IncludeSubDomains")), !TextCleaning.trim(text).hasPrefix("*.") {
                text = "*." + TextCleaning.trim(text)
            }
        }
        // 4. The value layer, with the list's type hint.
        let rules = RawEntry.Rules(regexAllowed: false)
        switch list {
        case .registry:
            // "DisplayName;EmailAddress", split at the last `;` (an address has none).
            guard let semicolon = text.lastIndex(of: ";") else {
                return .entry(line: unit.line, input: input,
                              entry: RawEntry(target: .registry(name: ""), value: text, rules: rules))
            }
            let name = String(text[..<semicolon]), email = String(text[text.index(after: semicolon)...])
            return .entry(line: unit.line, input: input, entry: RawEntry(target: .registry(name: name), value: email, rules: rules))
        case .trustedExcluded:
            return .entry(line: unit.line, input: input,
                          entry: RawEntry(target: .trusted(isRecent: false, isSimilarity: true), value: text, rules: rules))
        case .allow(let hint, let expands):
            return entry(unit, input, .allow(.legacyAllow), hint, text, expandsStar: expands, alwaysExpands: false)
        case .block(let hint, let expands, let always):
            return entry(unit, input, .block, hint, text, expandsStar: expands, alwaysExpands: always)
        case .excludedSenders:
            return outcome(.skipped, .unsupportedListType)
        }
    }

    /// §15.2's subdomain expansion: `*.d` (or, in `BlockedDomainsAndSubdomains`, any `d`) is `d` and all its
    /// subdomains, two records.
    private func entry(_ unit: JSONUnit, _ input: String, _ target: RawEntry.Target, _ hint: PatternHint, _ text: String,
                       expandsStar: Bool, alwaysExpands: Bool) -> MappedItem {
        var raw = RawEntry(target: target, value: text, typeHint: hint, rules: .init(regexAllowed: false))
        let trimmed = TextCleaning.trim(text)
        let star = trimmed.hasPrefix("*.")
        let domain = star ? String(trimmed.dropFirst(2)) : trimmed
        let plain = !domain.isEmpty && !domain.contains(where: { $0 == "*" || $0 == "?" || $0 == "@" })
        if plain, (expandsStar && star) || alwaysExpands {
            raw.value = domain
            raw.rules.alsoSubdomainRegex = true
            raw.warnings.append(.subdomainsIncluded)
        }
        return .entry(line: unit.line, input: input, entry: raw)
    }

    /// The address or domain of an element object: the first non-empty string among `Sender.Address`,
    /// `Sender`, `Address`, `Domain`, `SmtpDomain` (or its `Domain`/`Address`), `Value`.
    static func extract(_ object: JSONValue) -> String? {
        func nonEmpty(_ v: JSONValue?) -> String? {
            if case .string(let s)? = v, !TextCleaning.trim(s).isEmpty { return s }
            return nil
        }
        let sender = object.member("Sender")
        if case .object? = sender, let s = nonEmpty(sender?.member("Address")) { return s }
        if let s = nonEmpty(sender) { return s }
        if let s = nonEmpty(object.member("Address")) { return s }
        if let s = nonEmpty(object.member("Domain")) { return s }
        let smtp = object.member("SmtpDomain")
        if let s = nonEmpty(smtp) { return s }
        if case .object? = smtp {
            if let s = nonEmpty(smtp?.member("Domain")) { return s }
            if let s = nonEmpty(smtp?.member("Address")) { return s }
        }
        return nonEmpty(object.member("Value"))
    }

    /// JSON `true` or the string `"True"` (any case, trimmed).
    static func isTrue(_ v: JSONValue?) -> Bool {
        switch v {
        case .bool(let b)?: b
        case .string(let s)?: TextCleaning.trim(s).lowercased() == "true"
        default: false
        }
    }
}

extension JSONValue {
    /// An object's member by name, ASCII case-insensitively (PowerShell's and .NET's property names).
    func member(_ name: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        if let exact = pairs.first(where: { $0.key == name }) { return exact.value }
        let lower = name.lowercased()
        return pairs.first { $0.key.lowercased() == lower }?.value
    }
}

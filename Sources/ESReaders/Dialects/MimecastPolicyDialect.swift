import ESRecords

/// Mimecast API 1.0 Blocked Sender policies (`get-policy`) and Managed Sender results, saved as JSON or JSON
/// Lines (§15.3).
package struct MimecastPolicyDialect: Sendable {
    public init() {}

    /// The item of one unit.
    public func map(_ unit: JSONUnit) -> MappedItem {
        let input = unit.compactText
        func skipped(_ reason: ReasonCode) -> MappedItem { .outcome(.skipped(reason, line: unit.line, input: input)) }
        func rejected(_ reason: ReasonCode) -> MappedItem { .outcome(.rejected(reason, line: unit.line, input: input)) }
        guard let value = unit.value else {
            return .outcome(.rejected(.tooLong, line: unit.line, input: "",
                                      detail: "the policy is longer than the reader's cap"))
        }
        guard case .object = value else { return rejected(.notAnObject) }
        guard let policy = value["policy"], case .object = policy, value.has("option") else {
            if value.has("sender"), value.has("type") { return skipped(.perRecipientScope) }
            return rejected(.unrecognizedObject)
        }
        // 1. Disabled.
        if Self.isFalse(policy["enabled"]) { return skipped(.disabledEntry) }
        // 2. The option decides the list.
        let target: RawEntry.Target
        switch Self.target(option: Self.text(value["option"]) ?? "") {
        case .success(let t): target = t
        case .failure(let refusal): return refusal.skipped ? skipped(refusal.reason) : rejected(refusal.reason)
        }
        // 3. Recipient scope.
        let to = Self.text(policy["to"]?["type"]) ?? Self.text(policy["toType"])
        if let to, to != "everyone", to != "internal_addresses" { return skipped(.perRecipientScope) }
        // 4. Conditions restricting the policy to some connections.
        if case .object(let conditions)? = policy["conditions"], conditions.contains(where: { Self.isNonEmpty($0.value) }) {
            return skipped(.unsupportedSenderGroupRule)
        }
        // 5. The sender.
        let hint: PatternHint
        let pattern: String?
        switch Self.text(policy["from"]?["type"]) ?? Self.text(policy["fromType"]) {
        case "individual_email_address"?:
            hint = .email
            pattern = Self.string(policy["from"]?["emailAddress"]) ?? Self.string(policy["fromValue"])
        case "email_domain"?:
            hint = .domain
            pattern = Self.string(policy["from"]?["emailDomain"]) ?? Self.string(policy["fromValue"])
        case "everyone"?, "internal_addresses"?, "external_addresses"?:
            return rejected(.patternTooBroad)
        case "profile_group"?, "address_attribute_value"?, "free_mail_domains"?, "header_display_name"?:
            return skipped(.unsupportedSenderGroupRule)
        default:
            return rejected(.unrecognizedPattern)
        }
        var warnings: [WarningCode] = []
        if Self.isFalse(policy["fromEternal"]) || Self.isFalse(policy["toEternal"]) { warnings.append(.expiryDropped) }
        if Self.isTrue(policy["bidirectional"]) { warnings.append(.bidirectionalIgnored) }
        let description = Self.string(policy["description"]).flatMap { TextCleaning.trim($0).isEmpty ? nil : $0 }
        let comment = description ?? Self.string(policy["comment"])
        return .entry(line: unit.line, input: input,
                      entry: RawEntry(target: target, value: pattern ?? "", typeHint: hint, comment: comment,
                                      rules: .init(regexAllowed: false), warnings: warnings))
    }

    /// Why a policy is left out: skipped (a policy of a kind this migration does not carry) or rejected.
    struct Refusal: Error {
        var reason: ReasonCode
        var skipped: Bool
    }

    /// The list a policy's `option` puts its sender on.
    static func target(option: String) -> Result<RawEntry.Target, Refusal> {
        switch option {
        case "block_sender": return .success(.block)
        case "no_action": return .failure(Refusal(reason: .unsupportedAction, skipped: true))
        case "": return .failure(Refusal(reason: .unknownAction, skipped: false))
        default:
            switch ActionResolution(option) {
            case .allow: return .success(.allow(.legacyAllow))
            case .block: return .success(.block)
            case .stop(let reason, let status): return .failure(Refusal(reason: reason, skipped: status == .skipped))
            }
        }
    }

    /// A string member as written.
    static func string(_ v: JSONValue?) -> String? {
        if case .string(let s)? = v { return s }
        return nil
    }

    /// A string member trimmed and lower-cased (§15.3 compares them so).
    static func text(_ v: JSONValue?) -> String? {
        string(v).map { TextCleaning.trim($0).lowercased() }
    }

    static func isFalse(_ v: JSONValue?) -> Bool {
        if case .bool(false)? = v { return true }
        return text(v) == "false"
    }

    static func isTrue(_ v: JSONValue?) -> Bool {
        if case .bool(true)? = v { return true }
        return text(v) == "true"
    }

    /// A non-empty array or string (a condition that restricts the policy).
    static func isNonEmpty(_ v: JSONValue) -> Bool {
        switch v {
        case .array(let a): !a.isEmpty
        case .string(let s): !TextCleaning.trim(s).isEmpty
        default: false
        }
    }
}

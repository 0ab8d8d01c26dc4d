import ESRecords

extension CloudflareJSONLDialect {
    /// An API object's fields as the dialect reads them, collecting the warnings that lenient reads raise.
    struct ObjectFields {
        let object: JSONValue
        var warnings: [WarningCode] = []

        /// Reads a boolean that may be native, a string or 0/1 (R10); `nil` when absent or null.
        mutating func bool(_ key: String) throws(ReasonCode) -> Bool? {
            guard let v = object[key] else { return nil }
            switch v {
            case .null: return nil
            case .bool(let b): return b
            case .string(let s):
                guard case .value(let b) = BooleanCell.parse(TextCleaning.trim(s)) else {
                    if TextCleaning.trim(s).isEmpty { return nil }
                    throw .invalidBoolean
                }
                warn(.stringBoolean)
                return b
            case .number(let s) where s == "0" || s == "1":
                warn(.stringBoolean)
                return s == "1"
            default: throw .invalidBoolean
            }
        }

        /// A string or a number's text; `nil` for anything else.
        func string(_ key: String) -> String? {
            switch object[key] {
            case .string(let s)?: return s
            case .number(let s)?: return s
            default: return nil
            }
        }

        mutating func warn(_ code: WarningCode) {
            if !warnings.contains(code) { warnings.append(code) }
        }
    }

    /// The collection the object belongs to, decided by its keys (R11), with its value and regex flag; `nil`
    /// when no key tells.
    static func classify(_ fields: inout ObjectFields) throws(ReasonCode)
        -> (target: RawEntry.Target, value: String, isRegex: Bool?)?
    {
        let object = fields.object
        if allowKeys.contains(where: object.has) {
            let isRegex = try fields.bool("is_regex")
            return (try allowTarget(&fields), fields.string("pattern") ?? "", isRegex)
        }
        if object.has("is_recent") || object.has("is_similarity") {
            let isRegex = try fields.bool("is_regex")
            let target = RawEntry.Target.trusted(isRecent: try fields.bool("is_recent") ?? false,
                                                 isSimilarity: try fields.bool("is_similarity") ?? false)
            return (target, fields.string("pattern") ?? "", isRegex)
        }
        if object.has("name") && object.has("email") {
            let isRegex = try fields.bool("is_email_regex")
            return (.registry(name: fields.string("name") ?? ""), fields.string("email") ?? "", isRegex)
        }
        if object.has("pattern") {
            return (.block, fields.string("pattern") ?? "", try fields.bool("is_regex"))
        }
        return nil
    }

    /// An allow policy's flags: the current names beat the pre-2025 ones when both appear (R28), with a
    /// warning for old names used and for old values ignored.
    static func allowTarget(_ fields: inout ObjectFields) throws(ReasonCode) -> RawEntry.Target {
        let newTrusted = try fields.bool("is_trusted_sender"), oldTrusted = try fields.bool("is_sender")
        let newAcceptable = try fields.bool("is_acceptable_sender"), oldAcceptable = try fields.bool("is_spoof")
        let newExempt = try fields.bool("is_exempt_recipient"), oldExempt = try fields.bool("is_recipient")
        let usedOld = (newTrusted == nil && oldTrusted != nil) || (newAcceptable == nil && oldAcceptable != nil)
            || (newExempt == nil && oldExempt != nil)
        let ignoredOld = (newTrusted != nil && oldTrusted != nil && newTrusted != oldTrusted)
            || (newAcceptable != nil && oldAcceptable != nil && newAcceptable != oldAcceptable)
            || (newExempt != nil && oldExempt != nil && newExempt != oldExempt)
        if usedOld { fields.warnings.append(.legacyFlagNames) }
        if ignoredOld { fields.warnings.append(.legacyFlagsIgnored) }
        let trusted = newTrusted ?? oldTrusted, acceptable = newAcceptable ?? oldAcceptable
        let exempt = newExempt ?? oldExempt
        let anyFlag = trusted != nil || acceptable != nil || exempt != nil
        return .allow(.init(isTrustedSender: trusted ?? (anyFlag ? false : nil),
                            isAcceptableSender: acceptable ?? (anyFlag ? false : nil),
                            isExemptRecipient: exempt ?? (anyFlag ? false : nil),
                            verifySender: try fields.bool("verify_sender")))
    }
}

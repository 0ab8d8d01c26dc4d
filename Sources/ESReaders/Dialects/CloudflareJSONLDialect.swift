import ESRecords

/// Cloudflare Email Security API objects, one per line: current dumps and pre-2025 ones with
/// `is_sender`/`is_spoof`/`is_recipient`, integer ids, `UNKNOWN` or lower-case `pattern_type`, string booleans.
///
/// The collection is decided by the keys (R11): allow-policy flags → allow policy; `is_recent`/`is_similarity`
/// → trusted domain; `name` + `email` → registry; `pattern` → blocked sender.
public struct CloudflareJSONLDialect: Sendable {
    public init() {}

    static let allowKeys = ["is_trusted_sender", "is_acceptable_sender", "is_exempt_recipient", "is_sender",
                            "is_spoof", "is_recipient", "verify_sender"]

    /// Maps one JSON Lines line.
    public func map(_ line: JSONLinesReader.Line) -> MappedItem {
        let n = line.line, input = line.raw
        if line.isBlank { return .outcome(.skipped(.blankLine, line: n, input: input)) }
        let object: JSONValue
        switch line.value {
        case .failure(let error):
            return .outcome(.rejected(.invalidJSON, line: n, input: input, detail: error.description))
        case .success(let v):
            object = v
        }
        guard case .object = object else { return .outcome(.rejected(.notAnObject, line: n, input: input)) }

        var warnings: [WarningCode] = []
        /// Reads a boolean that may be native, a string or 0/1 (R10); `nil` when absent or null.
        func bool(_ key: String) throws(ReasonCode) -> Bool? {
            guard let v = object[key] else { return nil }
            switch v {
            case .null: return nil
            case .bool(let b): return b
            case .string(let s):
                guard case .value(let b) = BooleanCell.parse(TextCleaning.trim(s)) else {
                    if TextCleaning.trim(s).isEmpty { return nil }
                    throw .invalidBoolean
                }
                if !warnings.contains(.stringBoolean) { warnings.append(.stringBoolean) }
                return b
            case .number(let s) where s == "0" || s == "1":
                if !warnings.contains(.stringBoolean) { warnings.append(.stringBoolean) }
                return s == "1"
            default: throw .invalidBoolean
            }
        }
        func string(_ key: String) -> String? {
            switch object[key] {
            case .string(let s)?: return s
            case .number(let s)?: return s
            default: return nil
            }
        }

        let target: RawEntry.Target
        let value: String
        var isRegex: Bool?
        do throws(ReasonCode) {
            if Self.allowKeys.contains(where: object.has) {
                isRegex = try bool("is_regex")
                // New names beat old ones when both appear (R28).
                let newTrusted = try bool("is_trusted_sender"), oldTrusted = try bool("is_sender")
                let newAcceptable = try bool("is_acceptable_sender"), oldAcceptable = try bool("is_spoof")
                let newExempt = try bool("is_exempt_recipient"), oldExempt = try bool("is_recipient")
                let usedOld = (newTrusted == nil && oldTrusted != nil) || (newAcceptable == nil && oldAcceptable != nil)
                    || (newExempt == nil && oldExempt != nil)
                let ignoredOld = (newTrusted != nil && oldTrusted != nil && newTrusted != oldTrusted)
                    || (newAcceptable != nil && oldAcceptable != nil && newAcceptable != oldAcceptable)
                    || (newExempt != nil && oldExempt != nil && newExempt != oldExempt)
                if usedOld { warnings.append(.legacyFlagNames) }
                if ignoredOld { warnings.append(.legacyFlagsIgnored) }
                let trusted = newTrusted ?? oldTrusted, acceptable = newAcceptable ?? oldAcceptable
                let exempt = newExempt ?? oldExempt
                let anyFlag = trusted != nil || acceptable != nil || exempt != nil
                target = .allow(.init(isTrustedSender: trusted ?? (anyFlag ? false : nil),
                                      isAcceptableSender: acceptable ?? (anyFlag ? false : nil),
                                      isExemptRecipient: exempt ?? (anyFlag ? false : nil),
                                      verifySender: try bool("verify_sender")))
                value = string("pattern") ?? ""
            } else if object.has("is_recent") || object.has("is_similarity") {
                isRegex = try bool("is_regex")
                target = .trusted(isRecent: try bool("is_recent") ?? false,
                                  isSimilarity: try bool("is_similarity") ?? false)
                value = string("pattern") ?? ""
            } else if object.has("name") && object.has("email") {
                isRegex = try bool("is_email_regex")
                target = .registry(name: string("name") ?? "")
                value = string("email") ?? ""
            } else if object.has("pattern") {
                isRegex = try bool("is_regex")
                target = .block
                value = string("pattern") ?? ""
            } else {
                return .outcome(.rejected(.unrecognizedObject, line: n, input: input,
                                          detail: "no key tells which collection the object belongs to"))
            }
        } catch {
            return .outcome(.rejected(error, line: n, input: input, warnings: warnings))
        }
        var hint: PatternHint?
        if let t = string("pattern_type"), let type = PatternType(lenient: TextCleaning.trim(t)) {
            hint = PatternHint(type)
        }
        let entry = RawEntry(target: target, value: value, typeHint: hint, isRegexHint: isRegex,
                             comment: string("comments"), rules: .init(regexAllowed: isRegex != false),
                             warnings: warnings)
        return .entry(line: n, input: input, entry: entry)
    }
}

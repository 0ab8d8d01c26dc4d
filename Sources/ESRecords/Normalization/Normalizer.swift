/// Turns mapped legacy entries into validated API records: the value layer of `legacy-formats.md` §11.
///
/// Every rule is a named static function so it can be tested on its own; ``normalize(_:)`` runs them in
/// R35's order: unwrap → classify → validate → length/too-broad → type hint → IP policy → flag sanity.
/// De-duplication (R34) needs state across rows and lives in ``Deduplicator``.
package enum Normalizer {
    /// The records an entry produced, with every warning raised on the way.
    package struct Normalized: Sendable, Hashable {
        public var records: [NormalizedRecord]
        public var warnings: [WarningCode]
    }

    /// Why an entry was rejected, with the warnings raised before the rejection.
    package struct Failure: Error, Sendable, Hashable {
        public var reason: ReasonCode
        public var warnings: [WarningCode]
        /// A failure for `reason`, with the warnings raised before it.
        public init(_ reason: ReasonCode, warnings: [WarningCode] = []) {
            self.reason = reason
            self.warnings = warnings
        }
    }

    /// Normalizes one entry into its records (R13–R31).
    public static func normalize(_ entry: RawEntry) -> Result<Normalized, Failure> {
        var warnings = entry.warnings
        if let failure = checkCharacters(entry) { return .failure(failure) }
        let (comment, truncated) = TextCleaning.comment(entry.comment)
        if truncated { warnings.append(.commentTruncated) }

        if case .registry(let rawName) = entry.target {
            return registry(name: rawName, emailCell: entry.value, isRegexHint: entry.isRegexHint,
                            comment: comment, warnings: warnings)
        }

        let classified: ClassifiedPattern
        switch classify(entry.value, typeHint: entry.typeHint, isRegexHint: entry.isRegexHint, rules: entry.rules) {
        case .success(let c):
            classified = c
            warnings += c.warnings
        case .failure(let f):
            return .failure(Failure(f.reason, warnings: warnings + f.warnings))
        }
        if let violation = NonPublicRange.violation(in: classified.networks) {
            return .failure(Failure(violation, warnings: warnings))
        }

        var patterns = classified.patterns.map { (pattern: $0, isRegex: classified.isRegex) }
        if entry.rules.alsoSubdomainRegex, classified.patternType == .domain, !classified.isRegex, patterns.count == 1 {
            patterns.append((GlobPattern.subdomainRegex(patterns[0].pattern), true))
        }
        var records: [NormalizedRecord] = []
        switch entry.target {
        case .allow(let flags):
            let resolved = resolveAllowFlags(flags, patternType: classified.patternType)
            guard resolved.isTrustedSender || resolved.isAcceptableSender || resolved.isExemptRecipient else {
                return .failure(Failure(.noAllowAction, warnings: warnings))
            }
            for (p, isRegex) in patterns {
                records.append(.allowPolicy(AllowPolicy(
                    pattern: p, patternType: classified.patternType, isRegex: isRegex,
                    isTrustedSender: resolved.isTrustedSender, isAcceptableSender: resolved.isAcceptableSender,
                    isExemptRecipient: resolved.isExemptRecipient, verifySender: resolved.verifySender,
                    comments: comment)))
            }
        case .block:
            for (p, isRegex) in patterns {
                records.append(.blockSender(BlockedSender(
                    pattern: p, patternType: classified.patternType, isRegex: isRegex, comments: comment)))
            }
        case .trusted(let isRecent, let isSimilarity):
            guard classified.patternType == .domain else { return .failure(Failure(.notADomain, warnings: warnings)) }
            guard isRecent || isSimilarity else { return .failure(Failure(.noTrustedDomainFlags, warnings: warnings)) }
            for (p, isRegex) in patterns {
                records.append(.trustedDomain(TrustedDomain(
                    pattern: p, isRegex: isRegex, isRecent: isRecent, isSimilarity: isSimilarity,
                    comments: comment)))
            }
        case .registry:
            preconditionFailure("handled above")
        }
        return .success(Normalized(records: records, warnings: warnings))
    }

    // MARK: - R9 (characters)

    /// Rejects control characters that R9's trimming leaves in place: any C0 control, DEL or C1 control in
    /// a pattern, name or email, and the same in a comment except tab and line breaks (multi-line notes are
    /// legitimate). Such bytes come from binary input or a wrong encoding guess, and the API would store them.
    /// A replacement character (U+FFFD, bytes no encoding defines) is rejected the same way: it would
    /// otherwise be stored, or turned into a Punycode label of its own.
    public static func checkCharacters(_ entry: RawEntry) -> Failure? {
        if TextCleaning.hasControlCharacters(TextCleaning.trim(entry.value), allowingLineBreaks: false) {
            return Failure(.invalidCharacters, warnings: entry.warnings)
        }
        if case .registry(let name) = entry.target,
           TextCleaning.hasControlCharacters(TextCleaning.trim(name), allowingLineBreaks: false) {
            return Failure(.invalidCharacters, warnings: entry.warnings)
        }
        if let comment = entry.comment, TextCleaning.hasControlCharacters(comment, allowingLineBreaks: true) {
            return Failure(.invalidCharacters, warnings: entry.warnings)
        }
        return nil
    }

    // MARK: - R28, R29

    /// Allow flags with defaults applied: a legacy allow is an acceptable sender only (R28); `verify_sender`
    /// defaults to true for EMAIL/DOMAIN and false for IP (R29).
    public static func resolveAllowFlags(_ flags: RawEntry.AllowFlags, patternType: PatternType)
        -> (isTrustedSender: Bool, isAcceptableSender: Bool, isExemptRecipient: Bool, verifySender: Bool)
    {
        let explicit = flags.isTrustedSender != nil || flags.isAcceptableSender != nil || flags.isExemptRecipient != nil
        let trusted = flags.isTrustedSender ?? false
        let acceptable = flags.isAcceptableSender ?? !explicit
        let exempt = flags.isExemptRecipient ?? false
        let verify = flags.verifySender ?? (patternType != .ip)
        return (trusted, acceptable, exempt, verify)
    }

    // MARK: - R13, R14, R24: classification

    /// Classifies and validates a pattern value, applying the type hint last (R14, R24).
    package static func classify(_ raw: String, typeHint hint: PatternHint?, isRegexHint: Bool?,
                                rules: RawEntry.Rules) -> Result<ClassifiedPattern, Failure> {
        if isRegexHint == true {
            return regex(TextCleaning.trim(raw), explicitType: hint?.explicitType)
        }
        let (value, unwrapWarnings) = TextCleaning.unwrap(raw)
        guard !value.isEmpty else { return .failure(Failure(.missingPattern, warnings: unwrapWarnings)) }

        let profile = ValueProfile(value)
        let result: Result<ClassifiedPattern, Failure>
        if profile.looksLikeIP(allowBareNumber: rules.bareNumberIsPartialIP) {
            result = ip(value, allowBareNumber: rules.bareNumberIsPartialIP)
        } else if profile.isGlob {
            result = glob(value)
        } else if profile.regexSyntax {
            if rules.regexAllowed && isRegexHint != false {
                // A regex is passed through as written, display names and all.
                result = regex(TextCleaning.trim(raw), explicitType: hint?.explicitType)
            } else {
                result = .failure(Failure(profile.ats > 0 ? .invalidEmail : .unrecognizedPattern))
            }
        } else if profile.ats > 0 {
            result = emailOrAtDomain(value)
        } else if rules.localPartOnly, profile.dots == 0 || rules.localPartMayHaveDots {
            result = localPartOnly(value)
        } else if rules.hatHostnames, !value.hasPrefix(".") {
            result = hatHostname(value)
        } else {
            result = domain(value)
        }
        switch result {
        case .success(var c):
            if !unwrapWarnings.isEmpty { c.warnings = unwrapWarnings + c.warnings }
            return checkLength(c).flatMap { applyTypeHint(hint, to: $0) }
        case .failure(let f):
            return .failure(Failure(f.reason, warnings: unwrapWarnings + f.warnings))
        }
    }

    /// R24: an IP/non-IP disagreement rejects; EMAIL vs DOMAIN is corrected to what the value is.
    package static func applyTypeHint(_ hint: PatternHint?, to c: ClassifiedPattern) -> Result<ClassifiedPattern, Failure> {
        guard let hint else { return .success(c) }
        let hintIsIP = hint == .ip
        if hintIsIP != (c.patternType == .ip) {
            return .failure(Failure(.patternTypeMismatch, warnings: c.warnings))
        }
        guard let expected = hint.explicitType, expected != c.patternType else { return .success(c) }
        var corrected = c
        corrected.warnings.append(.patternTypeCorrected)
        return .success(corrected)
    }

    /// R26: the normalized pattern must be 1–1024 characters.
    package static func checkLength(_ c: ClassifiedPattern) -> Result<ClassifiedPattern, Failure> {
        // `count` walks graphemes; the UTF-8 length bounds it from above, so most patterns skip that walk.
        for p in c.patterns where p.isEmpty
            || (p.utf8.count > RecordLimits.maxPatternLength && p.count > RecordLimits.maxPatternLength) {
            return .failure(Failure(.patternTooLong, warnings: c.warnings))
        }
        return .success(c)
    }

    /// R17–R20: every IP form, as one pattern per network.
    package static func ip(_ value: String, allowBareNumber: Bool = false) -> Result<ClassifiedPattern, Failure> {
        switch IPPattern.parse(value, allowBareNumber: allowBareNumber) {
        case .success(let parsed):
            return .success(ClassifiedPattern(patterns: parsed.networks.map(\.description), patternType: .ip,
                                              isRegex: false, networks: parsed.networks, warnings: parsed.warnings))
        case .failure(let reason):
            return .failure(Failure(reason))
        }
    }

    /// R22: globs.
    package static func glob(_ value: String) -> Result<ClassifiedPattern, Failure> {
        switch GlobPattern.convert(value) {
        case .success(let g):
            return .success(ClassifiedPattern(patterns: [g.pattern], patternType: g.patternType, isRegex: g.isRegex,
                                              warnings: g.warnings))
        case .failure(let reason):
            return .failure(Failure(reason))
        }
    }

    /// R23: a regex is trimmed only, must compile and must not be a catch-all. Its type is the explicit one,
    /// else EMAIL when it contains `@`, else DOMAIN.
    package static func regex(_ value: String, explicitType: PatternType?) -> Result<ClassifiedPattern, Failure> {
        guard !value.isEmpty else { return .failure(Failure(.missingPattern)) }
        guard RegexPattern.compiles(value) else { return .failure(Failure(.invalidRegex)) }
        guard value.utf8.count <= RecordLimits.maxPatternLength || value.count <= RecordLimits.maxPatternLength else {
            return .failure(Failure(.patternTooLong))
        }
        guard !RegexPattern.isTooBroad(value) else { return .failure(Failure(.patternTooBroad)) }
        let type = explicitType.flatMap { $0 == .unknown ? nil : $0 } ?? (value.containsASCII("@") ? .email : .domain)
        return .success(ClassifiedPattern(patterns: [value], patternType: type, isRegex: true))
    }

    /// R15, R16: `user@d` → EMAIL; `@d` → DOMAIN `d`.
    package static func emailOrAtDomain(_ value: String) -> Result<ClassifiedPattern, Failure> {
        if value.hasPrefix("@"), value.utf8.filter({ $0 == UInt8(ascii: "@") }).count == 1 {
            return domain(String(value.dropFirst()))
        }
        guard let email = EmailAddress.normalize(value) else { return .failure(Failure(.invalidEmail)) }
        return .success(ClassifiedPattern(patterns: [email.address], patternType: .email, isRegex: false,
                                          warnings: email.convertedIDN ? [.idnConverted] : []))
    }

    /// R16 and R22: a domain, or `.d` meaning subdomains of `d` only.
    package static func domain(_ value: String) -> Result<ClassifiedPattern, Failure> {
        if value.hasPrefix("."), value.count > 1 {
            guard let d = DomainName.normalize(value.dropFirst()) else { return .failure(Failure(.invalidDomain)) }
            var warnings: [WarningCode] = [.globConvertedToRegex]
            if d.convertedIDN { warnings.append(.idnConverted) }
            return .success(ClassifiedPattern(patterns: [GlobPattern.subdomainRegex(d.name)], patternType: .domain,
                                              isRegex: true, warnings: warnings))
        }
        guard let d = DomainName.normalize(value) else { return .failure(Failure(.invalidDomain)) }
        return .success(ClassifiedPattern(patterns: [d.name], patternType: .domain, isRegex: false,
                                          warnings: d.convertedIDN ? [.idnConverted] : []))
    }

    /// R25 (Barracuda): a bare local part `info` → EMAIL regex `^info@.*$`.
    package static func localPartOnly(_ value: String) -> Result<ClassifiedPattern, Failure> {
        let local = value.lowercased()
        guard EmailAddress.isDotAtom(local), local.utf8.count <= 64 else { return .failure(Failure(.invalidEmail)) }
        return .success(ClassifiedPattern(patterns: ["^" + RegexPattern.escape(local) + "@.*$"], patternType: .email,
                                          isRegex: true, warnings: [.localPartOnlyEntry]))
    }

    /// R25 (Cisco HAT): a host name → DOMAIN regex `^<escaped host>$`, matched against the server name.
    package static func hatHostname(_ value: String) -> Result<ClassifiedPattern, Failure> {
        guard let d = DomainName.normalize(value) else { return .failure(Failure(.invalidDomain)) }
        var warnings: [WarningCode] = [.hatHostnameAsServerRegex]
        if d.convertedIDN { warnings.append(.idnConverted) }
        return .success(ClassifiedPattern(patterns: ["^" + RegexPattern.escape(d.name) + "$"], patternType: .domain,
                                          isRegex: true, warnings: warnings))
    }

    // MARK: - R31: impersonation registry

    /// R31: the name is trimmed and collapsed; the email cell is split on `,`/`;` (unless it is a regex)
    /// into one record per address.
    public static func registry(name rawName: String, emailCell: String, isRegexHint: Bool?, comment: String?,
                                warnings: [WarningCode]) -> Result<Normalized, Failure> {
        var warnings = warnings
        let name = TextCleaning.collapseWhitespace(rawName)
        guard !name.isEmpty else { return .failure(Failure(.missingName, warnings: warnings)) }
        guard name.count <= RecordLimits.maxNameLength else { return .failure(Failure(.nameTooLong, warnings: warnings)) }
        let cell = TextCleaning.trim(emailCell)
        guard !cell.isEmpty else { return .failure(Failure(.missingEmail, warnings: warnings)) }

        func entry(_ email: String, regex: Bool) -> NormalizedRecord {
            .impersonation(ImpersonationEntry(name: name, email: email, isEmailRegex: regex, comments: comment))
        }

        if isRegexHint == true || (isRegexHint == nil && RegexPattern.hasRegexSyntax(cell)) {
            switch regex(cell, explicitType: .email) {
            case .success(let c): return .success(Normalized(records: [entry(c.patterns[0], regex: true)], warnings: warnings))
            case .failure(let f): return .failure(Failure(f.reason, warnings: warnings))
            }
        }
        var records: [NormalizedRecord] = []
        for part in cell.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let (address, unwrapWarnings) = TextCleaning.unwrap(String(part))
            warnings += unwrapWarnings
            if address.isEmpty { continue }
            if GlobPattern.isGlob(address) {
                guard case .success(let g) = GlobPattern.convert(address), g.patternType == .email, g.isRegex else {
                    return .failure(Failure(.invalidEmail, warnings: warnings))
                }
                warnings += g.warnings
                records.append(entry(g.pattern, regex: true))
                continue
            }
            guard let email = EmailAddress.normalize(address) else {
                return .failure(Failure(.invalidEmail, warnings: warnings))
            }
            if email.convertedIDN { warnings.append(.idnConverted) }
            records.append(entry(email.address, regex: false))
        }
        guard !records.isEmpty else { return .failure(Failure(.missingEmail, warnings: warnings)) }
        return .success(Normalized(records: records, warnings: warnings))
    }
}

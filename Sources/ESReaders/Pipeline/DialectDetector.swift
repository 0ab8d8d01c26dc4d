import ESRecords

/// Detects a file's format from its first bytes and a CSV dialect from its header row.
package enum DialectDetector {
    /// How much of a file detection looks at (§15.1).
    public static let lookAhead = 64 * 1024

    /// The format of a file from its first non-blank character (after any BOM; UTF-16 with or without one),
    /// and for other text, from its lines (§15.1 3.1–3.3: the line-based dialects before CSV).
    public static func format(of prefix: [UInt8]) -> SourceFormat {
        var bytes = prefix[...]
        let (encoding, bom) = TextEncoding.detect(bytes)
        bytes = bytes.dropFirst(bom)
        let step = encoding == .utf8 ? 1 : 2
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = encoding == .utf16BE && i + 1 < bytes.endIndex ? bytes[i + 1] : bytes[i]
            if b == 32 || b == 9 || b == 10 || b == 13 { i += step; continue }
            if b == UInt8(ascii: "<") { return .xml }
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { return .jsonLines }
            break
        }
        return textDialect(of: prefix) == nil ? .csv : .text
    }

    /// The JSON dialect of a file that starts with `{` or `[` (§15.1 2): Exchange policy member names, else
    /// Mimecast's, else Cloudflare API objects.
    public static func jsonDialect(of prefix: [UInt8]) -> DialectName {
        let text = sniffText(prefix)
        func hasMember(_ name: String) -> Bool {
            var rest = text[...]
            let quoted = "\"" + name + "\""
            while let r = rest.firstRange(of: quoted) {
                let after = rest[r.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
                if after.first == ":" { return true }
                rest = rest[r.upperBound...]
            }
            return false
        }
        let exchange = ["AllowedSenders", "AllowedSenderDomains", "BlockedSenders", "BlockedSenderDomains", "BlockedDomains",
                        "BlockedDomainsAndSubdomains", "BypassedSenders", "BypassedSenderDomains", "IPAllowList",
                        "IPBlockList", "TargetedUsersToProtect", "ExcludedSenders", "ExcludedDomains"]
        if exchange.contains(where: hasMember) { return .m365EOP }
        if ["fromType", "fromPart", "fromValue"].contains(where: hasMember) || (hasMember("sender") && hasMember("to")) {
            return .mimecastPolicy
        }
        return .cloudflareJSONL
    }

    /// The line-based dialect whose lines `prefix` holds (§15.1 3.1–3.3), or `nil` (then it is CSV).
    public static func textDialect(of prefix: [UInt8]) -> DialectName? {
        let lines = meaningfulLines(prefix)
        guard let first = lines.first else { return nil }
        // 3.1 Symantec: `dn:` or a two-letter code first, or its objectclass anywhere.
        if let key = SymantecSendersDialect.key(first),
           key == "dn" || (key.utf8.count == 2 && key.utf8.allSatisfy { (97...122).contains($0) }) {
            return .symantecSenders
        }
        if lines.contains(where: { SymantecSendersDialect.key($0) == "objectclass" && $0.lowercased().hasSuffix("blackwhitelist") }) {
            return .symantecSenders
        }
        // 3.2 SpamAssassin: a sender-list directive or a removal on any line.
        if lines.contains(where: SpamAssassinDialect.isDetectionDirective) { return .spamAssassin }
        // 3.3 Postfix: the first line's second token is an action keyword or a 4NN/5NN code.
        let tokens = first.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if tokens.count >= 2 {
            let action = tokens[1].uppercased()
            if PostfixAccessDialect.Action.detectionKeywords.contains(action)
                || PostfixAccessDialect.Action.isSMTPCode(action) {
                return .postfixAccess
            }
        }
        return nil
    }

    /// The lines of `prefix` that are neither blank nor comments (`#` after leading blanks), trimmed; decoded
    /// for sniffing only (BOM honoured, else UTF-8 with invalid bytes replaced). A last line cut off by the
    /// end of the look-ahead is left out.
    static func meaningfulLines(_ prefix: [UInt8]) -> [String] {
        let text = sniffText(prefix)
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        if prefix.count >= lookAhead, !lines.isEmpty { lines.removeLast() }
        return lines.map { TextCleaning.trim($0) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// The look-ahead decoded for sniffing only: a BOM (or UTF-16's NUL pattern) honoured, else UTF-8 with
    /// invalid bytes replaced.
    static func sniffText(_ prefix: [UInt8]) -> String {
        let (encoding, bom) = TextEncoding.detect(prefix)
        let body = prefix.dropFirst(bom)
        let text: String
        switch encoding {
        case .utf8: text = String(decoding: body, as: UTF8.self)
        case .utf16LE, .utf16BE:
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = body.startIndex
            while i + 1 < body.endIndex {
                let (a, b) = (UInt16(body[i]), UInt16(body[i + 1]))
                units.append(encoding == .utf16LE ? a | b << 8 : a << 8 | b)
                i += 2
            }
            text = String(decoding: units, as: UTF16.self)
        }
        return text
    }

    /// The XML dialect from the document element's local name.
    public static func xmlDialect(root: String?) -> DialectName {
        root?.lowercased() == "config" ? .ciscoESA : .genericXML
    }

    /// The CSV dialect whose columns the header has, or `nil` when none fits.
    public static func csvDialect(header: CSVHeader) -> DialectName? {
        let keys = Set(header.keys)
        func any(_ names: String...) -> Bool { names.contains(where: keys.contains) }
        if any("blockedsender", "blockedsenders") { return .area1Block }
        if any("displayname"), any("email", "emails", "emailaddress") { return .area1Registry }
        if any("domain"), any("proximity", "recent") { return .area1Trusted }
        if any("pattern"), any("trustedsender", "acceptablesender", "exemptrecipient", "verifyemail") {
            return keys.contains("patterntype") ? .dashboardAllow : .area1Allow
        }
        if any("value"), any("action"), any("listtype", "listsubtype", "expirationdate", "identity", "entrytype") {
            return .m365TABL
        }
        if header.index(prefix: "policy") != nil, any("emailaddress", "ipaddress") { return .barracuda }
        if header.index(SenderListDialect.patternColumns) != nil, header.index(SenderListDialect.actionColumns) != nil {
            return .proofpointEssentials
        }
        return nil
    }
}

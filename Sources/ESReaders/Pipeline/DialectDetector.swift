/// Detects a file's format from its first bytes and a CSV dialect from its header row.
public enum DialectDetector {
    /// The format of a file from its first non-blank character (after any BOM; UTF-16 with or without one).
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
            return .csv
        }
        return .csv
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

import ESRecords

extension LegacyFileReader {
    /// The CSV dialect: the named one, the mapped one when a mapping is given, or the one the header shows.
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/undetectedDialect``, quoting the header (escaped,
    ///   at most 300 characters).
    static func csvDialectName(options: ReadOptions, header: CSVHeader, path: String) throws -> DialectName {
        if case .named(let n) = options.dialect { return n }
        if options.mapping != nil { return .mapped }
        if let d = DialectDetector.csvDialect(header: header) { return d }
        let shown = TextCleaning.displayable(header.names.joined(separator: " | "), limit: 300)
        if ForcepointDialect.isForcepointHeader(header) {
            throw ReaderError(.undetectedDialect, file: path, line: header.line,
                              message: "the header (\(shown)) is Forcepoint's, which does not say which list the file "
                                  + "holds; name the dialect: \(DialectName.forcepointAllow) or \(DialectName.forcepointBlock)")
        }
        throw ReaderError(.undetectedDialect, file: path, line: header.line,
                          message: "cannot tell the dialect from the header (\(shown)); name the dialect, or map "
                              + "the columns to a collection's fields")
    }

    /// The row mapper of CSV dialect `name` over `header`.
    ///
    /// - Throws: ``ReaderError`` when a column the dialect needs is missing, the mapped dialect has no mapping,
    ///   or `name` is not a CSV dialect.
    static func csvRowDialect(_ name: DialectName, header: CSVHeader, path: String,
                              mapping: MappedCSVDialect.Mapping?) throws -> any CSVRowDialect {
        switch name {
        case .area1Allow, .dashboardAllow: return try Area1AllowDialect(header: header, file: path)
        case .area1Block: return try Area1BlockDialect(header: header, file: path)
        case .area1Trusted: return try Area1TrustedDialect(header: header, file: path)
        case .area1Registry: return try Area1RegistryDialect(header: header, file: path)
        case .m365TABL: return try M365TABLDialect(header: header, file: path)
        case .proofpointEssentials: return try SenderListDialect(header: header, file: path)
        case .barracuda: return try BarracudaDialect(header: header, file: path)
        case .forcepointAllow: return try ForcepointDialect(header: header, file: path, allow: true)
        case .forcepointBlock: return try ForcepointDialect(header: header, file: path, allow: false)
        case .mapped:
            guard let mapping else {
                throw ReaderError(.invalidMapping, file: path,
                                  message: "the mapped dialect needs a collection and column mappings")
            }
            return try MappedCSVDialect(header: header, file: path, mapping: mapping)
        case .ciscoESA, .genericXML, .cloudflareJSONL, .m365EOP, .mimecastPolicy, .spamAssassin, .symantecSenders,
             .postfixAccess:
            throw ReaderError(.dialectMismatch, file: path, message: "dialect \(name) does not read CSV")
        }
    }
}

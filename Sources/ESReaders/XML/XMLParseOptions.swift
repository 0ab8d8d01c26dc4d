import CLibXML2

/// The libxml2 parser options every esmigrate XML reader uses: the one home of the safety settings both
/// reading stacks share.
///
/// Two stacks read XML, and they differ on purpose: legacy lists (``XMLEntryReader``) go through SAX, which
/// captures flat entries of any vendor's schema with their line numbers in constant memory and refuses entity
/// declarations in its callbacks; backups (`XMLRecordReader` in ESMigration) go through `xmlTextReader`, which
/// pulls esmigrate's own nested, typed elements depth-first and refuses a DOCTYPE before parsing and entity
/// nodes while reading. Neither ever substitutes entities (`XML_PARSE_NOENT`) or loads a DTD
/// (`XML_PARSE_DTDLOAD`).
package enum XMLParseOptions {
    /// No network access, and libxml2's own warnings and errors off (each reader reports failures itself).
    package static let safe = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOWARNING.rawValue)
        | Int32(XML_PARSE_NOERROR.rawValue)

    /// ``safe``, with CDATA sections reported as text (backups hold no CDATA of their own).
    package static let safeTextReader = safe | Int32(XML_PARSE_NOCDATA.rawValue)
}

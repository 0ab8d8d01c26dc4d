public import ESRecords

/// Interprets source units into outcomes before de-duplication: dialect mapping, then the `Normalizer`.
///
/// Pure and `Sendable`, so batches can be interpreted in parallel; only de-duplication, which depends on
/// file order, stays sequential (``LegacyFileReader/finish(_:)``).
package struct UnitInterpreter: Sendable {
    let dialect: DialectName
    let csvMapper: CSVRowMapper?
    let textDialect: (any TextLineDialect)?
    let defaultVerifySender: Bool?

    /// The outcome's records as JSON Lines.
    public static func renderRecords(_ outcome: RowOutcome, into json: inout JSONWriter) -> [UInt8] {
        json.reset()
        for r in outcome.records {
            r.write(to: &json)
            json.newline()
        }
        // A copy of exactly the bytes: handing out `json.bytes` itself would make the next `reset()` copy
        // the writer's whole buffer.
        return Array(json.bytes)
    }

    /// The outcome's report line.
    public static func renderReport(_ outcome: RowOutcome, file: String, into json: inout JSONWriter) -> [UInt8] {
        json.reset()
        outcome.write(to: &json, file: file)
        json.newline()
        return Array(json.bytes)
    }

    /// The items of one unit (one for most units; one per HAT entry for Cisco, one per value of a
    /// SpamAssassin line, none for a line a text dialect does not report), in file order.
    public func interpret(_ unit: SourceUnit) -> [ReadItem] {
        switch unit.payload {
        case .csv(let record):
            // A CSV unit comes from the CSV reader, which exists only with its mapper; a unit of another reader
            // than the file's is reported, not trusted.
            guard let csvMapper else { return [Self.unexpected(line: record.line, source: record.raw)] }
            return [item(csvMapper.map(record), source: record.raw, context: [])]
        case .json(let line, let bytes):
            let parsed = bytes.withUnsafeBufferPointer { JSONLinesReader.parse(line: line, bytes: $0) }
            return [item(CloudflareJSONLDialect().map(parsed), source: parsed.raw, context: [])]
        case .xml(let record):
            if dialect == .ciscoESA {
                let context = record.ancestors + [record.name]
                return CiscoESADialect().map(record).map { item($0.item, source: $0.source, context: context) }
            }
            return [item(GenericXMLDialect().map(record), sourceText: .xml(record), context: record.ancestors)]
        case .jsonUnit(let unit):
            let mapped = dialect == .mimecastPolicy ? MimecastPolicyDialect().map(unit) : M365EOPDialect().map(unit)
            return [item(mapped, sourceText: .json(unit), context: [])]
        case .text(let line):
            guard let textDialect else { return [Self.unexpected(line: line.line, source: line.source)] }
            return textDialect.map(line).map { mapped in
                var mapped = mapped
                if line.usedLegacyEncoding { mapped.addWarning(.legacyEncoding) }
                return item(mapped, source: line.source, context: [])
            }
        case .outcome(let outcome):
            return [ReadItem(outcome: outcome, source: "", context: [])]
        }
    }

    /// A unit of a kind this file's reader does not produce, rejected as an unrecognized object.
    static func unexpected(line: Int, source: String) -> ReadItem {
        ReadItem(outcome: .rejected(.unrecognizedObject, line: line, input: source), source: source, context: [])
    }

    /// Normalizes a mapped item (R13–R31); the outcome is not yet de-duplicated.
    func item(_ mapped: MappedItem, source: String, context: [String]) -> ReadItem {
        item(mapped, sourceText: .text(source), context: context)
    }

    func item(_ mapped: MappedItem, sourceText: ReadItem.SourceText, context: [String]) -> ReadItem {
        switch mapped {
        case .outcome(let o):
            return ReadItem(outcome: o, sourceText: sourceText, context: context)
        case .entry(let line, let input, var entry):
            if let verify = defaultVerifySender, case .allow(var flags) = entry.target, flags.verifySender == nil {
                flags.verifySender = verify
                entry.target = .allow(flags)
            }
            let outcome: RowOutcome
            switch Normalizer.normalize(entry) {
            case .success(let n):
                outcome = RowOutcome(line: line, status: .ok, records: n.records, warnings: n.warnings, input: input,
                                     collection: entry.collection)
            case .failure(let f):
                outcome = .rejected(f.reason, line: line, input: input, warnings: f.warnings,
                                    collection: entry.collection)
            }
            return ReadItem(outcome: outcome, sourceText: sourceText, context: context)
        }
    }
}

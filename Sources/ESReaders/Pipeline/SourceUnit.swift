import ESRecords

/// A piece of an input file split off by the reading stage and not yet interpreted: a CSV record, a JSON
/// line's bytes, a captured XML element, a logical line of a text dialect, or an outcome decided while reading (a malformed XML document).
///
/// Units are `Sendable` so that interpreting them (dialect mapping and normalization, the costly part) can
/// run on other tasks while the file goes on being read.
package struct SourceUnit: Sendable {
    enum Payload: Sendable {
        case csv(CSVRecord)
        case json(line: Int, bytes: [UInt8])
        case xml(XMLRecord)
        case text(TextLine)
        case jsonUnit(JSONUnit)
        case outcome(RowOutcome)
    }

    let payload: Payload
}

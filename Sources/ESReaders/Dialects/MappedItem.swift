public import ESRecords

/// What a dialect makes of one source item: a finished outcome (skip, structural rejection) or an entry
/// for the `Normalizer`.
package enum MappedItem: Sendable, Hashable {
    case outcome(RowOutcome)
    case entry(line: Int, input: String, entry: RawEntry)
}

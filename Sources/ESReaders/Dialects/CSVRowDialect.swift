import ESRecords

/// A CSV dialect: binds its columns from the header, then maps trimmed cells to an entry.
package protocol CSVRowDialect: Sendable {
    /// Binds the columns; throws ``ReaderError/Kind/missingColumn`` naming what is missing.
    init(header: CSVHeader, file: String) throws
    /// The index of the last column when it may absorb surplus cells (free text or a list, R7).
    var surplusColumn: Int? { get }
    /// Maps one data row's cells (already trimmed, padded to the header's width).
    func map(_ cells: [String], line: Int, input: String) -> MappedItem
}

extension CSVRowDialect {
    /// Reads an optional boolean column; `nil` for empty or absent, `.failure` for a non-boolean word.
    func flag(_ cells: [String], _ index: Int?) -> Result<Bool?, ReasonCode> {
        guard let index else { return .success(nil) }
        switch BooleanCell.parse(cells[index]) {
        case .value(let v): return .success(v)
        case .empty: return .success(nil)
        case .invalid: return .failure(.invalidBoolean)
        }
    }

    /// The cell at `index`, or empty when the column is absent.
    func cell(_ cells: [String], _ index: Int?) -> String {
        guard let index, index < cells.count else { return "" }
        return cells[index]
    }

    /// Throws the missing-column error for this dialect.
    static func require(_ index: Int?, _ what: String, header: CSVHeader, file: String,
                        dialect: DialectName) throws -> Int {
        guard let index else {
            throw ReaderError(.missingColumn, file: file, line: header.line,
                              message: "dialect \(dialect) needs a \(what) column; the header has: "
                                  + header.names.joined(separator: " | "))
        }
        return index
    }
}

/// R27 applied to a cell: the collection, or the outcome that ends the row.
enum ActionResolution {
    case allow
    case block
    case stop(ReasonCode, RowOutcome.Status)

    init(_ text: String) {
        switch ActionWord.classify(text) {
        case .allow: self = .allow
        case .block: self = .block
        case .unsupported: self = .stop(.unsupportedAction, .skipped)
        case .unknown: self = .stop(.unknownAction, .rejected)
        }
    }
}

import ESReaders

/// Counts the data rows of a CSV file (every record after the header).
final class CSVDataRows {
    private let reader: CSVReader

    init(path: String) throws {
        reader = CSVReader(input: try ByteInput(path: path, followSymlinks: false))
        _ = try reader.next()
    }

    /// Whether another data row was read.
    func next() throws -> Bool { try reader.next() != nil }
}

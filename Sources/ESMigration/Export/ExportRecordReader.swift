public import ESRecords

/// Reads one export file back into the API objects it holds, streaming.
package protocol ExportRecordReader: AnyObject {
    /// The next object and the line it starts on, or `nil` at the end of the file.
    ///
    /// - Throws: ``ExportError`` of kind ``ExportError/Kind/malformed`` naming the file and line.
    func next() throws -> (line: Int, object: JSONValue)?
}

/// Opens the reader for a format.
package enum ExportReaders {
    /// The reader for a backup file of `format` (JSONL, CSV or XML).
    public static func make(path: String, collection: SettingsCollection, format: ExportFormat) throws
        -> any ExportRecordReader
    {
        switch format {
        case .jsonl: try JSONLRecordReader(path: path)
        case .csv: try CSVRecordReader(path: path, schema: ExportSchema(collection))
        case .xml: try XMLRecordReader(path: path, collection: collection)
        }
    }
}

public import ESRecords

/// Writes one collection's objects to one file, streaming.
package protocol ExportRecordWriter: AnyObject {
    /// Appends one API object.
    func write(_ object: JSONValue) throws
    /// Completes the file (closing tags, flush); nothing may be written after.
    func finish() throws
}

/// Opens the writer for a format and dialect.
package enum ExportWriters {
    /// The writer for `collection`'s file of a backup in `format` and `dialect`.
    public static func make(path: String, collection: SettingsCollection, format: ExportFormat,
                            dialect: ExportDialect = .esmigrate) throws -> any ExportRecordWriter {
        switch (format, dialect) {
        case (.csv, .dashboardAllow): try DashboardAllowCSVWriter(path: path)
        case (.jsonl, _): try JSONLRecordWriter(path: path)
        case (.csv, _): try CSVRecordWriter(path: path, schema: ExportSchema(collection))
        case (.xml, _): try XMLRecordWriter(path: path, collection: collection)
        }
    }
}

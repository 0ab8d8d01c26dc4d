public import ESRecords
import Foundation

/// Turns an exported API object back into its collection's model.
package enum BackupRecord {
    /// The object as a normalized record.
    ///
    /// - Parameters:
    ///   - object: the object as the backup file holds it.
    ///   - collection: the collection whose file it came from.
    ///   - file: the backup file, for the error's context.
    ///   - line: the line where the object starts, for the error's context.
    /// - Throws: ``ExportError`` of kind ``ExportError/Kind/malformed`` with the file, line and collection.
    public static func decode(_ object: JSONValue, collection: SettingsCollection, file: String, line: Int) throws
        -> NormalizedRecord
    {
        var writer = JSONWriter(capacity: 512)
        object.write(to: &writer)
        let data = Data(writer.bytes)
        do {
            return try RecordCoding.decode(data: data, collection: collection)
        } catch let error as DecodingError {
            throw ExportError(.malformed, "not a valid \(collection) record: \(Self.describe(error))",
                              context: ErrorContext(file: file, line: line, collection: collection))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "the field \(key.stringValue) is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}

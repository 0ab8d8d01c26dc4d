public import ESRecords
public import Foundation

/// Stores a normalized record as its wire JSON and reads it back by collection.
package enum RecordCoding {
    /// The record as the API's JSON object, the form the journal stores.
    public static func encode(_ record: NormalizedRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try data(record, encoder: encoder), as: UTF8.self)
    }

    /// The wrapped model encoded with `encoder` (a write-body encoder leaves read-only fields out).
    public static func data(_ record: NormalizedRecord, encoder: JSONEncoder) throws -> Data {
        try encoder.encode(record.record)
    }

    /// A record of `collection` from its stored JSON object.
    ///
    /// - Throws: `DecodingError` when the text is not such an object.
    public static func decode(_ text: String, collection: SettingsCollection) throws -> NormalizedRecord {
        try decode(data: Data(text.utf8), collection: collection)
    }

    /// The record of `collection` that `data` (an API object) holds.
    public static func decode(data: Data, collection: SettingsCollection) throws -> NormalizedRecord {
        func decode<R: SettingsRecord>(_ type: R.Type) throws -> NormalizedRecord {
            try JSONDecoder().decode(R.self, from: data).normalized
        }
        return try decode(collection.recordType)
    }
}

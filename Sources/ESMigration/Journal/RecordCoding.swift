public import ESRecords
public import Foundation

/// Stores a normalized record as its wire JSON and reads it back by collection.
public enum RecordCoding {
    /// The record as the API's JSON object, the form the journal stores.
    public static func encode(_ record: NormalizedRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try data(record, encoder: encoder), as: UTF8.self)
    }

    /// The wrapped model encoded with `encoder` (a write-body encoder leaves read-only fields out).
    public static func data(_ record: NormalizedRecord, encoder: JSONEncoder) throws -> Data {
        switch record {
        case .allowPolicy(let p): try encoder.encode(p)
        case .blockSender(let b): try encoder.encode(b)
        case .trustedDomain(let t): try encoder.encode(t)
        case .impersonation(let e): try encoder.encode(e)
        case .domain(let d): try encoder.encode(d)
        }
    }

    /// A record of `collection` from its stored JSON object.
    ///
    /// - Throws: `DecodingError` when the text is not such an object.
    public static func decode(_ text: String, collection: SettingsCollection) throws -> NormalizedRecord {
        try decode(data: Data(text.utf8), collection: collection)
    }

    /// The record of `collection` that `data` (an API object) holds.
    public static func decode(data: Data, collection: SettingsCollection) throws -> NormalizedRecord {
        let d = JSONDecoder()
        switch collection {
        case .allowPolicies: return .allowPolicy(try d.decode(AllowPolicy.self, from: data))
        case .blockSenders: return .blockSender(try d.decode(BlockedSender.self, from: data))
        case .trustedDomains: return .trustedDomain(try d.decode(TrustedDomain.self, from: data))
        case .impersonationRegistry: return .impersonation(try d.decode(ImpersonationEntry.self, from: data))
        case .domains: return .domain(try d.decode(ProtectedDomain.self, from: data))
        }
    }
}

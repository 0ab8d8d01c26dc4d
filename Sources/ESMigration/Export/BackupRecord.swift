public import ESRecords
import Foundation

/// Turns an exported API object back into its collection's model.
public enum BackupRecord {
    /// The object as a normalized record.
    ///
    /// - Parameter location: `file:line`, for the error message.
    public static func decode(_ object: JSONValue, collection: SettingsCollection, at location: String) throws
        -> NormalizedRecord
    {
        var writer = JSONWriter(capacity: 512)
        object.write(to: &writer)
        let data = Data(writer.bytes)
        let decoder = JSONDecoder()
        do {
            switch collection {
            case .allowPolicies: return .allowPolicy(try decoder.decode(AllowPolicy.self, from: data))
            case .blockSenders: return .blockSender(try decoder.decode(BlockedSender.self, from: data))
            case .trustedDomains: return .trustedDomain(try decoder.decode(TrustedDomain.self, from: data))
            case .impersonationRegistry: return .impersonation(try decoder.decode(ImpersonationEntry.self, from: data))
            case .domains: return .domain(try decoder.decode(ProtectedDomain.self, from: data))
            }
        } catch let error as DecodingError {
            throw ExportError.malformed("\(location): not a valid \(collection) record: \(Self.describe(error))")
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

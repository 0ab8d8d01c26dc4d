public import ESRecords
import Foundation

/// Stores a normalized record as its wire JSON and reads it back by collection.
public enum RecordCoding {
    public static func encode(_ record: NormalizedRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        switch record {
        case .allowPolicy(let p): data = try encoder.encode(p)
        case .blockSender(let b): data = try encoder.encode(b)
        case .trustedDomain(let t): data = try encoder.encode(t)
        case .impersonation(let e): data = try encoder.encode(e)
        }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ text: String, collection: SettingsCollection) throws -> NormalizedRecord {
        let data = Data(text.utf8)
        let d = JSONDecoder()
        switch collection {
        case .allowPolicies: return .allowPolicy(try d.decode(AllowPolicy.self, from: data))
        case .blockSenders: return .blockSender(try d.decode(BlockedSender.self, from: data))
        case .trustedDomains: return .trustedDomain(try d.decode(TrustedDomain.self, from: data))
        case .impersonationRegistry: return .impersonation(try d.decode(ImpersonationEntry.self, from: data))
        case .domains: throw CocoaError(.coderInvalidValue)
        }
    }
}

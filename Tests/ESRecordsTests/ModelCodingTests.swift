import Foundation
import Testing
@testable import ESRecords

@Suite("Wire models (api-contract §6, §7)")
struct ModelCodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test("Ids decode from strings and integers and stay opaque")
    func ids() throws {
        let a = try decode(BlockedSender.self, #"{"id":2402,"pattern":"a@b.example","pattern_type":"EMAIL","is_regex":false}"#)
        #expect(a.id == "2402")
        let b = try decode(BlockedSender.self, #"{"id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415","pattern":"x.example","pattern_type":"DOMAIN","is_regex":false}"#)
        #expect(b.id?.rawValue == "f174e90a-fafe-4643-bbbc-4a0ed4fc8415")
    }

    @Test("Deprecated allow flags map to the new names; new names win")
    func deprecatedFlags() throws {
        let old = try decode(AllowPolicy.self, #"{"id":101,"pattern":"s@x.example","pattern_type":"EMAIL","is_regex":false,"is_sender":true,"is_recipient":false,"is_spoof":true,"verify_sender":false,"unknown_field":{"a":1}}"#)
        #expect(old.isTrustedSender && old.isAcceptableSender && !old.isExemptRecipient)
        let both = try decode(AllowPolicy.self, #"{"pattern":"hr@x.example","pattern_type":"EMAIL","is_regex":false,"is_sender":true,"is_trusted_sender":false,"is_acceptable_sender":true}"#)
        #expect(!both.isTrustedSender && both.isAcceptableSender)
    }

    @Test("UNKNOWN is readable but never writable")
    func unknownType() throws {
        let p = try decode(AllowPolicy.self, #"{"pattern":"203.0.113.9","pattern_type":"UNKNOWN","is_regex":false}"#)
        #expect(p.patternType == .unknown)
        #expect(throws: Never.self) { try JSONEncoder().encode(p) }     // exports keep it
        let writer = JSONEncoder()
        writer.userInfo[WireCoding.writeBodyKey] = true
        #expect(throws: EncodingError.self) { try writer.encode(p) }
    }

    @Test("Write bodies leave out read-only fields and never use deprecated names")
    func writeBody() throws {
        let p = AllowPolicy(id: "abc", pattern: "a@b.example", patternType: .email, isAcceptableSender: true,
                            verifySender: true, createdAt: "2024-01-01T00:00:00Z")
        let writer = JSONEncoder()
        writer.userInfo[WireCoding.writeBodyKey] = true
        let object = try JSONSerialization.jsonObject(with: writer.encode(p)) as! [String: Any]
        #expect(Set(object.keys) == ["pattern", "pattern_type", "is_regex", "is_trusted_sender", "is_acceptable_sender",
                                     "is_exempt_recipient", "verify_sender", "comments"])
        #expect(object["comments"] is NSNull)
        let full = try JSONSerialization.jsonObject(with: JSONEncoder().encode(p)) as! [String: Any]
        #expect(full["id"] as? String == "abc")
        #expect(full["created_at"] as? String == "2024-01-01T00:00:00Z")
    }

    @Test("Protected domains keep nested objects, lists and unknown enum values")
    func domains() throws {
        let json = #"""
        {"id":"d1","domain":"example.com","allowed_delivery_modes":["DIRECT","BCC"],"drop_dispositions":["MALICIOUS","SPAM"],
         "ip_restrictions":["192.0.2.0/24"],"regions":["GLOBAL"],"lookback_hops":2,"transport":"mx.example.com",
         "folder":"Inbox","integration_id":null,"require_tls_inbound":true,"status":"ACTIVE",
         "authorization":{"authorized":true,"timestamp":"2024-01-01T00:00:00Z","status_message":"ok"},
         "emails_processed":{"timestamp":"2024-01-02T00:00:00Z","total_emails_processed":12,"total_emails_processed_previous":3},
         "dmarc_status":"good","spf_status":"neutral","inbox_provider":"Microsoft","o365_tenant_id":"t",
         "created_at":"2024-01-01T00:00:00Z","modified_at":"2024-01-03T00:00:00Z","last_modified":"2024-01-03T00:00:00Z",
         "some_future_field":[1,2]}
        """#
        let d = try decode(ProtectedDomain.self, json)
        #expect(d.allowedDeliveryModes == [.direct, .bcc])
        #expect(d.emailsProcessed?.totalEmailsProcessed == 12)
        #expect(d.authorization?.statusMessage == "ok")
        #expect(d.status == .active)
        let roundTrip = try JSONDecoder().decode(ProtectedDomain.self, from: JSONEncoder().encode(d))
        #expect(roundTrip == d)
        let future = try decode(ProtectedDomain.self, #"{"domain":"x.example","allowed_delivery_modes":["TELEPATHY"]}"#)
        #expect(future.allowedDeliveryModes.first?.isKnown == false)
    }

    @Test("Impersonation entries: directory-synced ones are read-only")
    func registry() throws {
        let e = try decode(ImpersonationEntry.self, #"{"id":2405,"name":"Jane","email":"j@x.example","is_email_regex":false,"provenance":"SNOOPY-OFFICE_365","directory_id":7}"#)
        #expect(e.isDirectorySynced)
        #expect(e.directoryID == 7)
        #expect(!ImpersonationEntry(name: "A", email: "a@x.example", provenance: "A1S_INTERNAL").isDirectorySynced)
    }
}

@Suite("API validation (api-contract §9)")
struct RecordValidatorTests {
    @Test("Patterns by type", arguments: [
        ("user@example.com", PatternType.email, false, nil as ReasonCode?),
        ("not an email", .email, false, .invalidEmail),
        ("example.com", .domain, false, nil),
        ("1.2.3.4", .ip, false, nil),
        ("1.2.3.0/24", .ip, false, nil),
        ("2606:4700:4700::1111", .ip, false, nil),
        ("2606:4700:4700::/48", .ip, false, nil),
        ("1.2.3.4/24", .ip, false, .invalidIP),
        ("10.0.0.1", .ip, false, .ipPrivate),
        ("::ffff:10.0.0.1", .ip, false, .ipPrivate),
        ("fc00::1", .ip, false, .ipUniqueLocal),
        ("255.255.255.255", .ip, false, .ipBroadcast),
        ("1.2.3.4-1.2.3.9", .ip, false, .invalidIP),
        ("x.example", .unknown, false, .patternTypeMismatch),
        ("[bad", .email, true, .invalidRegex),
        (".*@example\\.com", .email, true, nil),
    ])
    func patterns(pattern: String, type: PatternType, regex: Bool, reason: ReasonCode?) {
        #expect(RecordValidator.checkPattern(pattern, type: type, isRegex: regex)?.reason == reason)
    }

    @Test("Host bits are a policy choice")
    func hostBitsPolicy() {
        #expect(RecordValidator.checkPattern("1.2.3.4/24", type: .ip, isRegex: false,
                                             policy: .init(acceptsCIDRHostBits: true)) == nil)
    }

    @Test("Lengths, registry and domains")
    func other() {
        #expect(RecordValidator.validate(AllowPolicy(pattern: String(repeating: "a", count: 1025), patternType: .domain))?.reason
            == .patternTooLong)
        #expect(RecordValidator.validate(BlockedSender(pattern: "a.example", patternType: .domain,
                                                       comments: String(repeating: "c", count: 1025)))?.field == "comments")
        #expect(RecordValidator.validate(ImpersonationEntry(name: "", email: "a@b.example"))?.reason == .missingName)
        #expect(RecordValidator.validate(ImpersonationEntry(name: "A", email: "nope"))?.reason == .invalidEmail)
        #expect(RecordValidator.validate(ProtectedDomain(domain: "example.com", lookbackHops: 21))?.field == "lookback_hops")
        #expect(RecordValidator.validate(ProtectedDomain(domain: "example.com", ipRestrictions: ["10.0.0.0/8"])) == nil)
        #expect(RecordValidator.validate(ProtectedDomain(domain: "example.com", ipRestrictions: ["nope"]))?.field == "ip_restrictions")
        #expect(RecordValidator.validate(ProtectedDomain(domain: "example.com",
                                                         regions: [.init(rawValue: "MARS")]))?.field == "regions")
    }
}

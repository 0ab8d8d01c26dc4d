import ESRecords

/// How a JSON text stream is split into units (§15.2, §15.3), and what the first pass learns about it.
package enum JSONDocumentLayout: Sendable, Hashable {
    /// Exchange policy objects: the elements of their list members are units.
    case exchangePolicies
    /// Mimecast API responses: top-level values, array elements and envelopes' `data` elements are units.
    case mimecastResponses

    /// The list members of §15.2's table, by their lower-cased name, spelled as the table does.
    static let exchangeListMembers: [String: String] = Dictionary(uniqueKeysWithValues: [
        "AllowedSenders", "BypassedSenders", "AllowedSenderDomains", "BypassedSenderDomains", "BlockedSenders",
        "BlockedSenderDomains", "BlockedDomains", "BlockedDomainsAndSubdomains", "IPAllowList", "IPBlockList",
        "TargetedUsersToProtect", "ExcludedDomains", "ExcludedSenders",
    ].map { ($0.lowercased(), $0) })

    /// What the first pass found, by object ordinal (document order, from 0), in four bits per object.
    struct Structure: Sendable {
        static let isMarked: UInt8 = 1, disabled: UInt8 = 2, targetedProtectionOff: UInt8 = 4, isCustomPolicy: UInt8 = 8
        /// Exchange: the policy objects and their flags; Mimecast: the envelopes (objects with a `data` array
        /// and a `meta` or `fail` member).
        var marks = OrdinalMarks()

        /// Exchange: the policy object `ordinal` is, with its flags (its list member is filled in later).
        func policy(_ ordinal: Int) -> JSONUnit.PolicyContext? {
            let bits = marks[ordinal]
            guard bits & Self.isMarked != 0 else { return nil }
            return JSONUnit.PolicyContext(member: "", disabled: bits & Self.disabled != 0,
                                          targetedProtectionOff: bits & Self.targetedProtectionOff != 0,
                                          isCustomPolicy: bits & Self.isCustomPolicy != 0)
        }

        /// Mimecast: whether object `ordinal` is an envelope.
        func isEnvelope(_ ordinal: Int) -> Bool { marks[ordinal] & Self.isMarked != 0 }
    }

    /// "False" in a policy flag: JSON `false` or the string `"False"` (any case, trimmed).
    static func isFalse(_ event: JSONEventReader.Event) -> Bool {
        switch event {
        case .bool(let b): !b
        case .string(let s): TextCleaning.trim(s).lowercased() == "false"
        default: false
        }
    }

    /// The first pass: which objects are policy objects or envelopes, and the policies' flags. Reading stops
    /// at a syntax error; what was seen before it stands (the second pass stops there too).
    func scan(_ events: JSONEventStream) -> Structure {
        struct Frame {
            var isObject: Bool
            var ordinal: Int
            var key: String?
            var isPolicy = false
            var flags = JSONUnit.PolicyContext(member: "", disabled: false, targetedProtectionOff: false,
                                               isCustomPolicy: false)
            var hasDataArray = false
            var hasMetaOrFail = false
        }
        var structure = Structure()
        var frames: [Frame] = []
        func record(_ f: Frame) {
            if f.isPolicy {
                var bits = Structure.isMarked
                if f.flags.disabled { bits |= Structure.disabled }
                if f.flags.targetedProtectionOff { bits |= Structure.targetedProtectionOff }
                if f.flags.isCustomPolicy { bits |= Structure.isCustomPolicy }
                structure.marks.insert(bits, at: f.ordinal)
            }
            if f.hasDataArray, f.hasMetaOrFail { structure.marks.insert(Structure.isMarked, at: f.ordinal) }
        }
        while true {
            guard let event = try? events.next() else { break }
            if event.beginsValue, let i = frames.indices.last, frames[i].isObject, let key = frames[i].key {
                // A member's value: flags and envelope markers are read from the object's own members.
                let lower = key.lowercased()
                switch self {
                case .exchangePolicies:
                    if lower == "enabled", Self.isFalse(event) { frames[i].flags.disabled = true }
                    if lower == "enabletargeteduserprotection", Self.isFalse(event) { frames[i].flags.targetedProtectionOff = true }
                    if lower == "isdefault", Self.isFalse(event) { frames[i].flags.isCustomPolicy = true }
                case .mimecastResponses:
                    if key == "data", event == .beginArray { frames[i].hasDataArray = true }
                    if key == "meta" || key == "fail" { frames[i].hasMetaOrFail = true }
                }
                frames[i].key = nil
                record(frames[i])
            }
            switch event {
            case .beginObject: frames.append(Frame(isObject: true, ordinal: events.objects - 1))
            case .beginArray: frames.append(Frame(isObject: false, ordinal: -1))
            case .endObject, .endArray: frames.removeLast()
            case .key(let k):
                let i = frames.count - 1
                frames[i].key = k
                if self == .exchangePolicies, Self.exchangeListMembers[k.lowercased()] != nil {
                    frames[i].isPolicy = true
                    record(frames[i])
                }
            default: break
            }
        }
        return structure
    }
}

public import ESRecords

/// One unit of a JSON text stream (§15.1): the value a dialect turns into an item, with the line of its first
/// character and what the walk knows about where it sits.
package struct JSONUnit: Sendable {
    /// Where a unit sits in an Exchange policy document.
    package struct PolicyContext: Sendable, Hashable {
        /// The list member holding the unit, as the table of §15.2 spells it.
        public var member: String
        /// The policy object's `Enabled` is false.
        public var disabled: Bool
        /// The policy object's `EnableTargetedUserProtection` is false.
        public var targetedProtectionOff: Bool
        /// The policy object's `IsDefault` is false (a custom policy).
        public var isCustomPolicy: Bool
    }

    public var line: Int
    /// The value, or `nil` when it was longer than the cap (then only ``isTooLong`` is known).
    public var value: JSONValue?
    public var isTooLong: Bool
    public var policy: PolicyContext?

    /// The unit as one compact JSON line, for reports.
    public var compactText: String {
        guard let value else { return "" }
        var json = JSONWriter()
        value.write(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// The unit as a compact JSON line that the same dialect reads back as the same item: an Exchange list
    /// element inside its list member (`{"BlockedSenders":["…"]}`), anything else as it is.
    public var rejectsText: String {
        guard let value else { return "" }
        guard let policy else { return compactText }
        var json = JSONWriter()
        JSONValue.object([(policy.member, .array([value]))]).write(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}

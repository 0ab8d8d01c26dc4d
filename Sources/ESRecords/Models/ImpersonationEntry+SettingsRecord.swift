extension ImpersonationEntry: SettingsRecord, SettingsRecordInternals {
    public static var collection: SettingsCollection { .impersonationRegistry }

    package static var fields: [RecordField] {
        [RecordField("name", .string), RecordField("email", .string), RecordField("is_email_regex", .bool),
         RecordField("comments", .string), RecordField("provenance", .string), RecordField("directory_id", .number),
         RecordField("directory_node_id", .number), RecordField("external_directory_node_id", .string)]
    }

    /// The case-folded name and the email.
    public var naturalKey: String { NaturalKey.join(Self.collection, name.lowercased(), email) }
    public var keyForHumans: String { "\(name) <\(email)>" }
    public var matchTexts: [String] { [name, email] }
    public var isReadOnly: Bool { isDirectorySynced }

    public var content: ImpersonationEntry {
        var e = self
        e.id = nil; e.createdAt = nil; e.modifiedAt = nil; e.lastModified = nil
        e.provenance = nil; e.directoryID = nil; e.directoryNodeID = nil; e.externalDirectoryNodeID = nil
        return e
    }

    public func differingFields(from other: ImpersonationEntry) -> [String] {
        [("name", name != other.name), ("is_email_regex", isEmailRegex != other.isEmailRegex),
         ("comments", comments != other.comments)].filter(\.1).map(\.0)
    }

    public func violation(policy: RecordValidator.Policy) -> RecordValidator.Violation? {
        RecordValidator.validate(self)
    }

    @inline(__always)
    package func writeNormalized(to json: inout JSONWriter) {
        json.literal(#"{"collection":"impersonation_registry","name":"#)
        json.literalString(name)
        json.literal(#","email":"#)
        json.literalString(email)
        json.literal(#","is_email_regex":"#)
        json.literalBool(isEmailRegex)
    }

    package func appendKeyBytes(to bytes: inout [UInt8]) {
        bytes.append(4)
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in name.utf8 { bytes.append(b >= 65 && b <= 90 ? b + 32 : b) }
        } else {
            bytes.append(contentsOf: name.lowercased().utf8)
        }
        bytes.append(0)
        bytes.append(contentsOf: email.utf8)
    }

    public var normalized: NormalizedRecord { .impersonation(self) }

    package static func mappedTarget(flag: (String) throws(ReasonCode) -> Bool?, text: (String) -> String)
        throws(ReasonCode) -> RawEntry.Target?
    {
        .registry(name: text("name"))
    }
}

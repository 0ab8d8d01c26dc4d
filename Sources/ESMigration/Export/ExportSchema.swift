public import ESRecords

/// The documented CSV columns of each collection and how a JSON value maps to a cell and back.
///
/// Flattening rules (reversible; README "Export formats"):
/// - one column per known field; nested objects become dotted columns (`authorization.authorized`);
/// - strings are written as is, booleans as `true`/`false`, numbers as their JSON text;
/// - lists of strings are joined with `|` (`DIRECT|BCC`);
/// - an empty cell means the field was absent;
/// - anything a cell cannot carry unambiguously — `null`, an empty string or list, a list item that is
///   empty or contains `|`, a value of an unexpected type, a field this version does not know — is kept
///   verbatim in the last column, `extra`, as a JSON object, and its own cell stays empty.
package struct ExportSchema: Sendable {
    /// What a column holds.
    package typealias Kind = RecordField.Kind
    /// A field of the collection's objects.
    package typealias Field = RecordField

    public let collection: SettingsCollection
    public let fields: [Field]

    /// The name of the catch-all column.
    public static let extraColumn = "extra"

    /// The header row: every field's column(s), then `extra`.
    public var header: [String] {
        var out: [String] = []
        for f in fields {
            if case .object(let subs) = f.kind { out += subs.map { "\(f.name).\($0.name)" } } else { out.append(f.name) }
        }
        return out + [Self.extraColumn]
    }

    /// The CSV columns of `collection`'s exports.
    public init(_ collection: SettingsCollection) {
        self.collection = collection
        fields = [Field("id", .string)] + collection.fields
            + [Field("created_at", .string), Field("modified_at", .string), Field("last_modified", .string)]
    }
}

/// A field of a collection's objects, as exports lay it out.
package struct RecordField: Sendable, Hashable {
    /// What a field holds.
    package enum Kind: Sendable, Hashable {
        case string, bool, number, stringList
        /// A nested object with these sub-fields (each a column `field.sub` in CSV).
        case object([RecordField])
    }

    /// The wire name.
    public var name: String
    public var kind: Kind

    /// A field named `name` holding `kind`.
    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

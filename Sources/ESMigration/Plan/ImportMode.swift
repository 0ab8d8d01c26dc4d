/// What an import may change in the live collections.
public enum ImportMode: String, Sendable, Hashable, CaseIterable {
    /// Only create what is missing; a live record with other content is a conflict.
    case create
    /// Create what is missing and update live records whose content differs.
    case upsert
    /// Upsert, and delete live records the input does not have (in the collections the input touches).
    case sync
}

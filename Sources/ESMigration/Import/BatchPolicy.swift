/// Whether writes go through the batch endpoints (`--batch auto|on|off`).
public enum BatchPolicy: String, Sendable, Hashable, CaseIterable {
    /// Batch where the API has it; fall back to per-record calls on 404/405 (legacy API, registry).
    case auto
    /// Batch only; a missing batch endpoint is an error.
    case on
    /// One request per record.
    case off
}

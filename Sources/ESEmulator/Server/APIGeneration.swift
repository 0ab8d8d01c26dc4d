/// Which API the emulator speaks.
public enum APIGeneration: String, Sendable, Hashable, CaseIterable {
    /// SDK 5.9.0: UUID string ids, batch endpoints, domains POST/PUT.
    case current
    /// The seed documents' API: integer ids, no batch endpoints, no domains POST/PUT (to test fallbacks).
    case legacy
}

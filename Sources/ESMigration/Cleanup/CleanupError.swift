/// Why a bulk delete or unprotect was refused before anything was sent.
public enum CleanupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A criterion that does not apply or does not compile.
    case filter(String)
    /// The selection is every live record, and `--all` was not given.
    case matchesEverything(collection: String, count: Int)

    public var description: String {
        switch self {
        case .filter(let m): m
        case .matchesEverything(let c, let n):
            "the selection is every one of the \(n) live \(c) records; say --all if that is what you mean"
        }
    }
}

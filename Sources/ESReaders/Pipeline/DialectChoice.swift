/// How the dialect of an input is chosen.
public enum DialectChoice: Sendable, Hashable {
    /// Detect it from the header row, the XML root element or the JSON keys.
    case auto
    case named(DialectName)
}

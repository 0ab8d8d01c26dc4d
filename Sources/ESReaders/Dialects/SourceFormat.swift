/// The container format of an input file.
public enum SourceFormat: String, Sendable, Hashable {
    case csv, jsonLines = "jsonl", xml
    /// Line-based configuration text (SpamAssassin, Symantec, Postfix): one directive or entry per line.
    case text
}

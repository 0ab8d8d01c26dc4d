/// The container format of an input file.
public enum SourceFormat: String, Sendable, Hashable {
    case csv, jsonLines = "jsonl", xml
}

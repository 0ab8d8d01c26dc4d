/// The file format of an export.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// One API object per line, every field as the API sent it (keys sorted).
    case jsonl
    /// One row per object: the documented columns of `ExportSchema`, plus an `extra` JSON column.
    case csv
    /// `urn:esmigrate:export:1` documents written with libxml2's `xmlTextWriter`.
    case xml

    /// The file name extension.
    public var fileExtension: String { rawValue }
}

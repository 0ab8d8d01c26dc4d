public import ESRecords

/// A record the input asks for, and where it came from (`file:line`, for reports).
package struct DesiredRecord: Sendable, Hashable {
    package var record: NormalizedRecord
    package var source: String?

    package init(record: NormalizedRecord, source: String? = nil) {
        self.record = record
        self.source = source
    }
}

public import ESRecords

/// One planned write and how far it got.
public struct JournalItem: Sendable, Hashable {
    /// Where a write stands; `sent` and `unknown` are reconciled against live state before any resend.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case pending, sent, done, failed, unknown
    }

    public var seq: Int64
    public var collection: SettingsCollection
    public var action: PlanDecision.Action
    public var naturalKey: String
    /// The desired record (creates and updates).
    public var record: NormalizedRecord?
    /// The live record's id (updates and deletes).
    public var targetID: RecordID?
    public var state: State
    public var serverID: RecordID?
    public var error: String?
}

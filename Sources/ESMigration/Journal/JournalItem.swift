public import ESRecords

/// One planned write and how far it got.
public struct JournalItem: Sendable, Hashable {
    /// Where a write stands; `sent` and `unknown` are reconciled against live state before any resend.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case pending, sent, done, failed, unknown
    }

    /// The item's position in the plan.
    public var seq: Int64
    public var collection: SettingsCollection
    /// What to write: the record for creates and updates, the target for updates and deletes.
    public var write: PlannedWrite
    public var naturalKey: String
    public var state: State
    /// The id the server gave a create (or the target of an update or delete), once done.
    public var serverID: RecordID?
    public var error: String?

    /// The plan action this item carries out.
    public var action: PlanDecision.Action { write.action }
}

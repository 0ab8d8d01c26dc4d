/// A snapshot of an import's progress, reported after each journaled outcome.
public struct ImportProgress: Sendable, Hashable {
    public var done: Int
    public var failed: Int
    public var total: Int
    public var rateLimited: Int
    public var seconds: Double

    /// Writes settled (done or failed) per second so far.
    public var perSecond: Double { seconds > 0 ? Double(done + failed) / seconds : 0 }

    /// Seconds left at the current pace, when it can be told.
    public var eta: Double? {
        let left = total - done - failed
        return perSecond > 0 ? Double(left) / perSecond : nil
    }
}

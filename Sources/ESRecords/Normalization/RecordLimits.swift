/// Length limits the API enforces (`api-contract.md` §6, §9).
package enum RecordLimits {
    /// Longest `pattern`, in characters.
    public static let maxPatternLength = 1024
    /// Longest `comments`, in characters.
    public static let maxCommentLength = 1024
    /// Longest impersonation `name`, in characters.
    public static let maxNameLength = 1024
    /// Most items in one array of a batch request.
    public static let maxBatchItems = 1000
    /// Largest `per_page` a list accepts.
    public static let maxPerPage = 1000
}

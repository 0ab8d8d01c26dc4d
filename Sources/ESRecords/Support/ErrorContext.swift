/// Where a failure happened: the file and line, the collection, the record's natural key and the account.
///
/// Every public error type of the libraries carries one, so a message can say `file:line:` and a caller can
/// act on the collection or key without parsing text. Fields that do not apply stay `nil`.
public struct ErrorContext: Sendable, Hashable {
    /// The file involved (an input, a backup file, a journal, an output), as the caller named it.
    public var file: String?
    /// The 1-based line in ``file`` where the problem starts.
    public var line: Int?
    /// The settings collection involved.
    public var collection: SettingsCollection?
    /// The record's natural key (a pattern, a domain, an email), when one record is involved.
    public var key: String?
    /// The Cloudflare account the operation ran against.
    public var account: String?

    /// Creates a context; every field is optional.
    public init(file: String? = nil, line: Int? = nil, collection: SettingsCollection? = nil, key: String? = nil,
                account: String? = nil) {
        self.file = file
        self.line = line
        self.collection = collection
        self.key = key
        self.account = account
    }

    /// An empty context.
    public static let none = ErrorContext()

    /// `message` framed by the context: `file:line: message (collection c, key k, account a)`, with only the
    /// fields that are set, safe for a terminal.
    public func describe(_ message: String) -> String {
        var text = ""
        if let file {
            text += TextCleaning.displayable(file, limit: 1000)
            if let line { text += ":\(line)" }
            text += ": "
        }
        text += TextCleaning.displayable(message, limit: 2000)
        var details: [String] = []
        if let collection { details.append("collection \(collection.rawValue)") }
        if let key { details.append("key \(TextCleaning.displayable(key, limit: 200))") }
        if let account { details.append("account \(TextCleaning.displayable(account, limit: 64))") }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text
    }
}

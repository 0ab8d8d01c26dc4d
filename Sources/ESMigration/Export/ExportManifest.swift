public import ESRecords

/// `manifest.json`: what a backup holds, written last so that its presence means the backup is complete.
public struct ExportManifest: Codable, Sendable, Hashable {
    /// One collection's file.
    public struct Entry: Codable, Sendable, Hashable {
        public var collection: SettingsCollection
        public var file: String
        public var count: Int
        public var bytes: Int64
        public var sha256: String
        /// List requests the export made for this collection.
        public var listRequests: Int

        /// Describes one collection's file of a backup.
        public init(collection: SettingsCollection, file: String, count: Int, bytes: Int64, sha256: String,
                    listRequests: Int) {
            self.collection = collection
            self.file = file
            self.count = count
            self.bytes = bytes
            self.sha256 = sha256
            self.listRequests = listRequests
        }

        enum CodingKeys: String, CodingKey {
            case collection, file, count, bytes, sha256
            case listRequests = "list_requests"
        }
    }

    /// The manifest layout this version writes and reads.
    public static let currentVersion = 1
    public static let fileName = "manifest.json"

    public var manifestVersion = ExportManifest.currentVersion
    public var tool = "esmigrate"
    public var toolVersion: String
    public var accountID: String
    /// The API base URL (never a credential).
    public var apiBase: String
    public var startedAt: String
    public var finishedAt: String
    public var format: ExportFormat
    public var dialect: ExportDialect
    public var collections: [Entry]

    /// A manifest of the current version, written by esmigrate.
    public init(toolVersion: String, accountID: String, apiBase: String, startedAt: String, finishedAt: String,
                format: ExportFormat, dialect: ExportDialect, collections: [Entry]) {
        self.toolVersion = toolVersion
        self.accountID = accountID
        self.apiBase = apiBase
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.format = format
        self.dialect = dialect
        self.collections = collections
    }

    enum CodingKeys: String, CodingKey {
        case manifestVersion = "manifest_version", tool, toolVersion = "tool_version", accountID = "account_id"
        case apiBase = "api_base", startedAt = "started_at", finishedAt = "finished_at", format, dialect, collections
    }

    /// The file name of a collection in a backup of `format`.
    public static func fileName(_ collection: SettingsCollection, format: ExportFormat, dialect: ExportDialect) -> String {
        dialect == .dashboardAllow ? "\(collection.rawValue).dashboard.csv" : "\(collection.rawValue).\(format.fileExtension)"
    }
}

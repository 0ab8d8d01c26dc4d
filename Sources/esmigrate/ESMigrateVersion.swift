/// The tool's version, shown by `--version` and written into reports.
enum ESMigrateVersion {
    static let string = "0.1.0"
}

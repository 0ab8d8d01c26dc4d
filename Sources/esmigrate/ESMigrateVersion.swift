/// The tool's version, shown by `--version` and written into reports and manifests.
enum ESMigrateVersion {
    static let string = "0.1.0"

    /// `--version`: the version and the commit the binary was built from.
    static var long: String {
        "\(string) (commit \(BuildCommit.value ?? "unknown: built without scripts/package.sh"))"
    }
}

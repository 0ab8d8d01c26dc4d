/// The commit the binary was built from: scripts/package.sh writes it here for a release build and puts this
/// file back afterwards; a build from source says "unknown".
enum BuildCommit {
    static let value: String? = nil
}

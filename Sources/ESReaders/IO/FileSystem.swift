#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls the readers need.
enum FileSystem {
    /// Creates `path` as a directory if it does not exist.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw ReaderError(.unreadable, file: path, message: "cannot create directory: \(String(cString: strerror(errno)))")
        }
    }
}

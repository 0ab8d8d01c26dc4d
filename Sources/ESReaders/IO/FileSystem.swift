import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls the readers need.
enum FileSystem {
    /// Creates `path` as a directory if it does not exist.
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/uncreatable``.
    static func makeDirectory(_ path: String) throws {
        // swift-system has no mkdir in the version used here; this is the one direct call.
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw ReaderError(.uncreatable, file: path, message: "cannot create the folder: \(Errno(rawValue: errno))")
        }
    }
}

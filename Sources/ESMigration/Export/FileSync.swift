#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Flushes a file's or a folder's contents to the disk (`fsync`), so a power loss cannot undo them.
///
/// The rename of the staging folder protects against a crashed process; it protects against a power loss
/// only if the files, the staging folder's entries and then the rename itself reached the disk in that order.
enum FileSync {
    /// Calls `fsync` on `path` (a regular file or a folder).
    static func sync(_ path: String) throws(ExportError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        // EINVAL: the file system does not sync this kind of file (some do not sync folders); nothing to do.
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure(path, "fsync") }
    }

    private static func failure(_ path: String, _ call: String) -> ExportError {
        .destination("\(path): \(call) failed: \(String(cString: strerror(errno)))")
    }
}

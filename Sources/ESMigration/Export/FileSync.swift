import SystemPackage

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
    /// Called with each path once its `fsync` has returned; tests record the order of the flushes with it.
    @TaskLocal static var observer: (@Sendable (String) -> Void)?

    /// Calls `fsync` on `path` (a regular file or a folder).
    static func sync(_ path: String) throws(ExportError) {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        } catch {
            throw ExportError.destination("open failed: \(error)", file: path)
        }
        defer { try? descriptor.close() }
        // swift-system has no fsync in the version used here. EINVAL: the file system does not sync this kind of
        // file (some do not sync folders); nothing to do. EINTR: try again.
        var result: Int32
        repeat { result = fsync(descriptor.rawValue) } while result != 0 && errno == EINTR
        guard result == 0 || errno == EINVAL else {
            throw ExportError.destination("fsync failed: \(Errno(rawValue: errno))", file: path)
        }
        observer?(path)
    }
}

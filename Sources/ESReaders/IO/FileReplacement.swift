import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole small files (metrics, summaries) written in place of what a path names, without ever replacing
/// something that is not a file.
///
/// A regular file, a missing one or a symbolic link is replaced atomically: the bytes go to a temporary file
/// beside it, which is renamed over the path (a link is replaced, its target is never written). A character
/// device or a FIFO (`/dev/null`, `/dev/stdout`, a pipe a collector reads) is written through, never
/// replaced: a root cron job with `--metrics-file /dev/null` must not turn `/dev/null` into a file. Folders,
/// block devices and sockets are refused.
package enum FileReplacement {
    /// What is at a path, as far as writing it goes.
    enum Target {
        case replace
        case writeThrough
    }

    /// Checks, before a run, that `path` can be written at its end: its folder exists and is writable, or it
    /// names a device or FIFO that can be opened for writing.
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/uncreatable`` naming the path and the reason.
    package static func check(_ path: String) throws {
        switch try target(path) {
        case .writeThrough:
            guard access(path, W_OK) == 0 else { throw failure(path, "cannot write: \(Errno(rawValue: errno))") }
        case .replace:
            let folder = FilePath(path).removingLastComponent().string
            let place = folder.isEmpty ? "." : folder
            var st = stat()
            guard stat(place, &st) == 0 else {
                throw failure(path, "its folder \(place) does not exist: \(Errno(rawValue: errno))")
            }
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw failure(path, "\(place) is not a folder") }
            guard access(place, W_OK) == 0 else {
                throw failure(path, "cannot create files in \(place): \(Errno(rawValue: errno))")
            }
        }
    }

    /// Writes `bytes` as the whole content of `path` (see the type's discussion for what is replaced).
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/uncreatable`` or ``ReaderError/Kind/unwritable``.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        switch try target(path) {
        case .writeThrough:
            let descriptor: FileDescriptor
            do {
                // Non-blocking open: a FIFO nobody reads fails at once (ENXIO) instead of hanging the run.
                descriptor = try FileDescriptor.open(FilePath(path), .writeOnly,
                                                     options: [.nonBlocking, .closeOnExec])
            } catch {
                throw failure(path, "cannot open for writing: \(error)")
            }
            let flags = fcntl(descriptor.rawValue, F_GETFL)
            if flags >= 0 { _ = fcntl(descriptor.rawValue, F_SETFL, flags & ~O_NONBLOCK) }
            do {
                try descriptor.closeAfter { _ = try descriptor.writeAll(bytes) }
            } catch {
                throw ReaderError(.unwritable, file: path, message: "write failed: \(error)")
            }
        case .replace:
            let file = FilePath(path)
            let name = file.lastComponent?.string ?? "output"
            let temporary = file.removingLastComponent().appending(".\(name).tmp-\(getpid())").string
            unlink(temporary)
            do {
                let fd = try FileDescriptor.open(FilePath(temporary), .writeOnly,
                                                 options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
                                                 permissions: [.ownerReadWrite, .groupRead, .otherRead])
                try fd.closeAfter {
                    _ = try fd.writeAll(bytes)
                    // On disk before the rename makes it the file: a power loss leaves the old one or this.
                    _ = fsync(fd.rawValue)
                }
            } catch {
                unlink(temporary)
                throw ReaderError(.unwritable, file: path, message: "cannot write \(temporary): \(error)")
            }
            guard rename(temporary, path) == 0 else {
                let e = Errno(rawValue: errno)
                unlink(temporary)
                throw ReaderError(.unwritable, file: path, message: "cannot replace it: \(e)")
            }
        }
    }

    /// Whether `path` is replaced or written through; refuses what is neither.
    static func target(_ path: String) throws -> Target {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return .replace }
            throw failure(path, "\(Errno(rawValue: errno))")
        }
        var kind = st.st_mode & S_IFMT
        if kind == S_IFLNK {
            // A link to a device or FIFO (/dev/stdout) is written through; any other link is replaced itself.
            var target = stat()
            guard stat(path, &target) == 0 else { return .replace }
            kind = target.st_mode & S_IFMT
            if kind != S_IFCHR && kind != S_IFIFO { return .replace }
        }
        switch kind {
        case S_IFREG: return .replace
        case S_IFCHR, S_IFIFO: return .writeThrough
        case S_IFDIR: throw failure(path, "is a folder")
        case S_IFBLK: throw failure(path, "is a block device: refusing to write over it")
        default: throw failure(path, "is not a regular file, a character device or a FIFO: refusing to write over it")
        }
    }

    private static func failure(_ path: String, _ message: String) -> ReaderError {
        ReaderError(.uncreatable, file: path, message: message)
    }
}

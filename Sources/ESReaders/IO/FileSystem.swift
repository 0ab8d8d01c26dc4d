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

    /// What identifies a file's content between two reads: device, inode, size and modification time.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64

        init(_ st: stat) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
            size = Int64(st.st_size)
            #if canImport(Darwin)
            modified = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
            #else
            modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            #endif
        }
    }

    /// The identity of `path`, which a two-pass `dialect` must be able to read twice: a regular file, not
    /// standard input, a pipe (`<(…)`, `/dev/fd/N`), a character device or a socket, whose bytes are gone once
    /// read (the second pass would see nothing, and the run would report no items for a non-empty input).
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/unreadable`` saying what to do instead.
    static func rereadable(_ path: String, dialect: DialectName, why: String) throws -> Identity {
        let advice = "\(dialect) reads its input twice (\(why)); save it to a file and give that file"
        guard path != "-" else {
            throw ReaderError(.unreadable, file: path, message: "standard input can be read only once: \(advice)")
        }
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw ReaderError(.unreadable, file: path, message: "cannot open: \(Errno(rawValue: errno))")
        }
        let kind: String? = switch st.st_mode & S_IFMT {
        case S_IFREG: nil
        case S_IFIFO: "a pipe"
        case S_IFCHR: "a character device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
        if let kind {
            throw ReaderError(.unreadable, file: path, message: "is \(kind), which can be read only once: \(advice)")
        }
        return Identity(st)
    }

    /// Checks that `path` is still the file `identity` describes, after a first pass.
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/unreadable`` when it changed (a file still being
    ///   written): the two passes would not agree.
    static func unchanged(_ path: String, since identity: Identity) throws {
        var st = stat()
        guard stat(path, &st) == 0, Identity(st) == identity else {
            throw ReaderError(.unreadable, file: path, message: "changed while it was being read (its size or time "
                              + "differs between the two passes): read it again once it is complete")
        }
    }
}

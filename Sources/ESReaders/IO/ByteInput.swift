#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered, forward-only reader of a file's bytes; memory stays at one buffer whatever the file size.
package final class ByteInput {
    private let fd: Int32
    private let ownsDescriptor: Bool
    public let path: String
    /// The buffer: `capacity` bytes from `base` (a pointer, not a buffer pointer, so no access needs `!`).
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid bytes in the buffer are `base[position..<limit]`.
    public private(set) var position = 0
    public private(set) var limit = 0
    public private(set) var isAtEnd = false
    /// Bytes consumed before the current buffer (for progress and offsets).
    public private(set) var bufferStartOffset: Int64 = 0
    private var transcoder: UTF16Transcoder?
    private var scratch: [UInt8] = []

    /// Opens `path` (`-` is standard input).
    ///
    /// - Parameters:
    ///   - path: the file, or `-` for standard input.
    ///   - bufferSize: bytes read per system call.
    ///   - followSymlinks: `false` opens with `O_NOFOLLOW`, so a symbolic link in the last path component is
    ///     refused instead of followed (backup files: a manifest may only name files in its folder).
    public init(path: String, bufferSize: Int = 1 << 18, followSymlinks: Bool = true) throws {
        self.path = path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC | (followSymlinks ? 0 : O_NOFOLLOW))
            guard opened >= 0 else {
                let reason = !followSymlinks && errno == ELOOP ? "is a symbolic link, which is refused here"
                    : "cannot open: \(String(cString: strerror(errno)))"
                throw ReaderError(.unreadable, file: path, message: reason)
            }
            var st = stat()
            if fstat(opened, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(opened)
                throw ReaderError(.unreadable, file: path, message: "is a directory")
            }
            fd = opened
            ownsDescriptor = true
        }
        capacity = max(64, bufferSize)
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
        if ownsDescriptor { close(fd) }
    }

    /// The unread bytes currently buffered.
    public var available: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + position, count: limit - position)
    }

    /// Marks `count` buffered bytes as consumed.
    public func consume(_ count: Int) {
        position += count
    }

    /// Reads more bytes, keeping the unread ones; returns `false` at end of file.
    @discardableResult
    public func fill() throws -> Bool {
        if isAtEnd { return false }
        if position > 0 {
            let remaining = limit - position
            if remaining > 0 {
                base.update(from: base + position, count: remaining)
            }
            bufferStartOffset += Int64(position)
            limit = remaining
            position = 0
        }
        // Grow while there is little room left, not only when full: a transcoded UTF-16 read needs a few
        // bytes of headroom (see `readDecoded`), and writing past the buffer corrupted the heap.
        if capacity - limit < 16 {
            // The caller needs more than one buffer of lookahead; grow rather than fail.
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: base, count: limit)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        while true {
            let n = try readDecoded(into: base + limit, capacity: capacity - limit)
            if n < 0 { continue }   // a transcoded chunk that produced nothing yet
            if n == 0 {
                isAtEnd = true
                return false
            }
            limit += n
            return true
        }
    }

    /// From now on, decode the file as UTF-16 and hand out UTF-8 (call right after skipping the BOM).
    public func transcodeUTF16(bigEndian: Bool) {
        var transcoder = UTF16Transcoder(bigEndian: bigEndian)
        // Transcode what is already buffered.
        var out: [UInt8] = []
        transcoder.transcode(available, into: &out)
        self.transcoder = transcoder
        position = 0
        limit = 0
        if out.count > capacity {
            base.deallocate()
            capacity = out.count * 2
            base = .allocate(capacity: capacity)
        }
        base.update(from: out, count: out.count)
        limit = out.count
    }

    /// Reads raw bytes (transcoding them when the file is UTF-16); 0 at end of file, -1 for "try again".
    private func readDecoded(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int {
        guard var transcoder else { return try readRaw(into: destination, capacity: capacity) }
        defer { self.transcoder = transcoder }
        // UTF-16 → UTF-8 grows at most 3/2, plus what the transcoder held back from the last read (an odd
        // byte, a high surrogate): read two thirds of the free space less that margin (`fill` keeps ≥ 16 free).
        let rawCapacity = max(2, (capacity - 6) * 2 / 3)
        if scratch.count < rawCapacity { scratch = Array(repeating: 0, count: rawCapacity) }
        let n = try readRaw(into: &scratch, capacity: rawCapacity)
        if n == 0 { return 0 }
        var out: [UInt8] = []
        out.reserveCapacity(n * 3 / 2 + 4)
        scratch.withUnsafeBufferPointer { transcoder.transcode(UnsafeBufferPointer(rebasing: $0[0..<n]), into: &out) }
        if out.isEmpty { return -1 }
        precondition(out.count <= capacity, "transcoded \(out.count) bytes into \(capacity)")
        destination.update(from: out, count: out.count)
        return out.count
    }

    private func readRaw(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int {
        while true {
            let n = read(fd, destination, capacity)
            if n < 0 {
                if errno == EINTR { continue }
                throw ReaderError(.unreadable, file: path, message: "read failed: \(String(cString: strerror(errno)))")
            }
            return n
        }
    }

    /// Reads up to `count` bytes from the start of the file for sniffing without consuming them.
    public func peek(_ count: Int) throws -> [UInt8] {
        while limit - position < count, try fill() {}
        return Array(available.prefix(count))
    }
}

import SystemPackage

/// A buffered writer to a file or standard output (`-`).
///
/// Writes go through swift-system's `FileDescriptor`, which retries a write interrupted by a signal (`EINTR`)
/// and writes all bytes, so neither a signal nor a short write loses output.
package final class ByteOutput {
    public let path: String
    private let descriptor: FileDescriptor
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let flushThreshold: Int

    /// Creates (or truncates) `path`; `-` is standard output.
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/uncreatable`` naming the path when the file cannot
    ///   be created (a missing folder, no permission).
    public init(path: String, flushThreshold: Int = 1 << 17) throws {
        self.path = path
        self.flushThreshold = flushThreshold
        if path == "-" {
            descriptor = .standardOutput
            ownsDescriptor = false
        } else {
            do {
                descriptor = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate],
                                                     permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch let e as Errno {
                throw ReaderError(.uncreatable, file: path, message: "cannot create the file: \(e)")
            }
            ownsDescriptor = true
        }
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    deinit {
        try? flush()
        if ownsDescriptor { try? descriptor.close() }
    }

    /// Buffers `bytes`, writing when the buffer is full.
    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Buffers `text` as UTF-8.
    public func write(_ text: String) throws {
        try write(text.utf8)
    }

    /// Writes the buffered bytes.
    ///
    /// - Throws: ``ReaderError`` of kind ``ReaderError/Kind/unwritable`` (a full disk, an I/O error).
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try descriptor.writeAll(buffer)
        } catch let e as Errno {
            throw ReaderError(.unwritable, file: path, message: "write failed: \(e)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

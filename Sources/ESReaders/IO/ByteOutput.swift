#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to a file or standard output (`-`).
public final class ByteOutput {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let flushThreshold: Int

    /// Creates (or truncates) `path`; `-` is standard output.
    public init(path: String, flushThreshold: Int = 1 << 17) throws {
        self.path = path
        self.flushThreshold = flushThreshold
        if path == "-" {
            fd = 1
            ownsDescriptor = false
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard opened >= 0 else {
                throw ReaderError(.unwritable, file: path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            fd = opened
            ownsDescriptor = true
        }
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    deinit {
        try? flush()
        if ownsDescriptor { close(fd) }
    }

    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    public func write(_ text: String) throws {
        try write(text.utf8)
    }

    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReaderError(.unwritable, file: path, message: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

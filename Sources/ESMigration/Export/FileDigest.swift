import Crypto
import ESReaders

/// Digests of backup files, read in constant memory (the hashing is swift-crypto's).
package enum FileDigest {
    /// The SHA-256 of a file's bytes, as lowercase hex, and its size. Symbolic links are refused, as for
    /// every file a backup names.
    public static func sha256(_ path: String) throws -> (hex: String, bytes: Int64) {
        let input = try ByteInput(path: path, followSymlinks: false)
        var hash = SHA256()
        var total: Int64 = 0
        while true {
            if input.available.isEmpty, try !input.fill() { break }
            let chunk = input.available
            if chunk.isEmpty { break }
            hash.update(bufferPointer: UnsafeRawBufferPointer(chunk))
            total += Int64(chunk.count)
            input.consume(chunk.count)
        }
        return (hex(hash.finalize()), total)
    }

    /// The SHA-256 of `bytes`, as lowercase hex.
    public static func sha256(bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import ESReaders

extension SHA256 {
    /// The SHA-256 of a file's bytes and its size, read in constant memory.
    public static func file(_ path: String) throws -> (hex: String, bytes: Int64) {
        let input = try ByteInput(path: path, followSymlinks: false)
        var hash = SHA256()
        var total: Int64 = 0
        while true {
            if input.available.isEmpty, try !input.fill() { break }
            let chunk = input.available
            if chunk.isEmpty { break }
            hash.update(chunk)
            total += Int64(chunk.count)
            input.consume(chunk.count)
        }
        return (hash.hexDigest(), total)
    }
}

import ESMigration
import ESRecords
import Foundation
import Testing

/// Backup checksums: swift-crypto's SHA-256 through `FileDigest`, which reads files in chunks.
@Suite("SHA-256 of backup files")
struct SHA256Tests {
    static func temporaryFile(_ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test("NIST FIPS 180-4 vectors, in memory and read from a file", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func vectors(message: String, digest: String) throws {
        #expect(FileDigest.sha256(bytes: Array(message.utf8)) == digest)
        let path = Self.temporaryFile(Array(message.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try FileDigest.sha256(path)
        #expect(file.hex == digest && file.bytes == Int64(message.utf8.count))
    }

    @Test("One million 'a' from a file, read in the reader's chunks")
    func million() throws {
        let path = Self.temporaryFile([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileDigest.sha256(path).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("A file's digest equals sha256sum's")
    func file() async throws {
        let seed: UInt64 = 180_4
        var generator = SplitMix64(seed: seed)
        let bytes = (0..<(3 << 18) + 13).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let path = Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ours = try FileDigest.sha256(path)
        #expect(ours.bytes == Int64(bytes.count))
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sha-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        // Awaited through the termination handler: never a pool thread blocked in waitUntilExit.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in done.resume() }
            do { try process.run() } catch { done.resume() }
        }
        let theirs = try String(contentsOf: output, encoding: .utf8)
        #expect(theirs.hasPrefix(ours.hex + " "), "seed \(seed)")
    }
}

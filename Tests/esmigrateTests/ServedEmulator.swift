import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `esmigrate serve` as a child process on a free port, for tests that need a second process to talk to
/// (cloning between accounts, killing a client while the server lives on).
final class ServedEmulator {
    let child: ChildProcess
    let port: Int
    static let token = "made-up-served-token"

    /// Starts the server and waits (asynchronously) for the port it prints.
    init(directory: URL, options: [String] = []) async throws {
        let log = directory.appendingPathComponent("serve-\(UUID().uuidString).log")
        try Data().write(to: log)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        child = try ChildProcess(["serve", "--port", "0", "--db", directory.appendingPathComponent("served.sqlite").path,
                                  "--token", Self.token] + options, stderr: handle)
        var found: Int?
        for _ in 0..<200 where found == nil {
            try await Task.sleep(for: .milliseconds(50))
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":")[1])
            }
        }
        guard let found else {
            await child.terminate()
            throw CocoaError(.fileReadUnknown)
        }
        port = found
    }

    /// The environment a client process needs for `account`.
    func environment(account: String) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CLOUDFLARE_API_TOKEN"] = Self.token
        env["CLOUDFLARE_ACCOUNT_ID"] = account
        env["CLOUDFLARE_BASE_URL"] = "http://127.0.0.1:\(port)/client/v4"
        env.removeValue(forKey: "CLOUDFLARE_EMAIL")
        env.removeValue(forKey: "CLOUDFLARE_API_KEY")
        return env
    }

    /// Stops the server (SIGTERM) and awaits its exit.
    func stop() async { await child.terminate() }

    deinit {
        // A test that threw before `stop()`: do not leave the server running.
        if child.isRunning { kill(child.pid, SIGTERM) }
    }
}

import ESTestSupport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `esmigrate serve` as a child process on a free port, for tests that need a second process to talk to
/// (cloning between accounts, killing a client while the server lives on).
final class ServedEmulator {
    let child: ChildProcess
    let port: Int
    static let token = "made-up-served-token"

    /// Reads the server's stderr until it names its port; resumes whoever awaits it (once).
    final class PortWatch: Sendable {
        private let state = Mutex<(text: String, port: Int?, done: Bool, waiter: CheckedContinuation<Int?, Never>?)>(
            ("", nil, false, nil))

        func feed(_ data: Data) {
            let resume = state.withLock { s -> (CheckedContinuation<Int?, Never>, Int?)? in
                guard !s.done else { return nil }
                if data.isEmpty {
                    s.done = true
                } else {
                    s.text += String(decoding: data, as: UTF8.self)
                    if let range = s.text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                        s.port = Int(s.text[range].split(separator: ":")[1])
                        s.done = true
                    }
                }
                guard s.done, let waiter = s.waiter else { return nil }
                s.waiter = nil
                return (waiter, s.port)
            }
            if let (waiter, port) = resume { waiter.resume(returning: port) }
        }

        /// The port, or `nil` if the server ended its stderr without naming one.
        func port() async -> Int? {
            await withCheckedContinuation { (c: CheckedContinuation<Int?, Never>) in
                let ready = state.withLock { s -> Int?? in
                    if s.done { return .some(s.port) }
                    s.waiter = c
                    return .none
                }
                if let ready { c.resume(returning: ready) }
            }
        }
    }

    /// Starts the server and awaits the line where it names its port (an event: no polling).
    init(directory: URL, options: [String] = []) async throws {
        let watch = PortWatch()
        let pipe = Pipe()
        // Read on Foundation's reader thread, never on the cooperative pool; keeps draining after the port so
        // the server never blocks on a full pipe.
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            watch.feed(data)
        }
        child = try ChildProcess(["serve", "--port", "0", "--db", directory.appendingPathComponent("served.sqlite").path,
                                  "--token", Self.token] + options, stderrPipe: pipe)
        guard let found = await watch.port() else {
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
        // The machine's own proxy settings must not route the tests' loopback traffic.
        for name in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"] {
            env.removeValue(forKey: name)
        }
        return env
    }

    /// Stops the server (SIGTERM) and awaits its exit.
    func stop() async { await child.terminate() }

    deinit {
        // A test that threw before `stop()`: do not leave the server running.
        if child.isRunning { kill(child.pid, SIGTERM) }
    }
}

import ESTestSupport
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

    /// Starts the server and awaits the line where it names its port (an event: no polling).
    init(directory: URL, options: [String] = []) async throws {
        let watch = OutputWatch { text in
            text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression).map { String(text[$0]) }
        }
        let pipe = Pipe()
        // Read on Foundation's reader thread, never on the cooperative pool; keeps draining after the port so
        // the server never blocks on a full pipe.
        watch.attach(to: pipe)
        child = try ChildProcess(["serve", "--port", "0", "--db", directory.appendingPathComponent("served.sqlite").path,
                                  "--token", Self.token] + options, stderrPipe: pipe)
        guard let found = await watch.value().flatMap({ Int($0.split(separator: ":")[1]) }) else {
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

import ESTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `scripts/net-fixture.py` as a child process: an HTTPS endpoint with a test CA made for the run in front of a
/// served emulator, and an HTTP CONNECT proxy with Basic credentials, both on 127.0.0.1.
final class NetworkFixture {
    let child: ChildProcess
    let httpsPort: Int
    let proxyPort: Int
    let caFile: String
    let directory: URL
    /// The child's stderr, kept for the fixture's life: a pipe released early closes its read end.
    private let output: Pipe

    struct Ready: Decodable {
        var https_port: Int
        var proxy_port: Int
        var ca: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/net-fixture.py")

    /// Starts the fixture in front of the emulator on `backendPort`, with proxy credentials `proxyUser`
    /// (`user:password`), and awaits the line where it names its ports (an event: no polling).
    init(backendPort: Int, directory: URL, proxyUser: String, options: [String] = []) async throws {
        self.directory = directory
        let watch = OutputWatch { text in text.firstIndex(of: "\n").map { String(text[..<$0]) } }
        let pipe = Pipe()
        output = pipe
        watch.attach(to: pipe)
        // The ready line comes on stderr, read the way ServedEmulator reads the server's (the Pipe handed over
        // whole, so the parent's copy of its write end is closed at launch).
        child = try ChildProcess([Self.script.path, String(backendPort), directory.path, "--proxy-user", proxyUser] + options,
                                 executable: URL(fileURLWithPath: "/usr/bin/python3"), stderrPipe: pipe)
        guard let line = await watch.value(), let ready = try? JSONDecoder().decode(Ready.self, from: Data(line.utf8))
        else {
            await child.terminate()
            throw CocoaError(.fileReadUnknown)
        }
        httpsPort = ready.https_port
        proxyPort = ready.proxy_port
        caFile = ready.ca
    }

    /// The proxy's log: one `CONNECT host:port status` line per tunnel asked for.
    var proxyLog: [String] {
        ((try? String(contentsOf: directory.appendingPathComponent("proxy.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// Stops the fixture with SIGKILL (it holds no state; a child started from a test's thread may have
    /// SIGTERM blocked) and awaits its exit.
    func stop() async {
        if child.isRunning { kill(child.pid, SIGKILL) }
        await child.exited()
    }

    deinit {
        if child.isRunning { kill(child.pid, SIGKILL) }
    }
}

import ESTestSupport
import Foundation
import Synchronization

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

    /// Reads the child's stderr until its one JSON line; resumes whoever awaits it (once).
    final class LineWatch: Sendable {
        private let state = Mutex<(text: String, line: String?, done: Bool, waiter: CheckedContinuation<String?, Never>?)>(
            ("", nil, false, nil))

        func feed(_ data: Data) {
            let resume = state.withLock { s -> (CheckedContinuation<String?, Never>, String?)? in
                guard !s.done else { return nil }
                if data.isEmpty {
                    s.done = true
                } else {
                    s.text += String(decoding: data, as: UTF8.self)
                    if let newline = s.text.firstIndex(of: "\n") {
                        s.line = String(s.text[..<newline])
                        s.done = true
                    }
                }
                guard s.done, let waiter = s.waiter else { return nil }
                s.waiter = nil
                return (waiter, s.line)
            }
            if let (waiter, line) = resume { waiter.resume(returning: line) }
        }

        func line() async -> String? {
            await withCheckedContinuation { (c: CheckedContinuation<String?, Never>) in
                let ready = state.withLock { s -> String?? in
                    if s.done { return .some(s.line) }
                    s.waiter = c
                    return .none
                }
                if let ready { c.resume(returning: ready) }
            }
        }
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/net-fixture.py")

    /// Starts the fixture in front of the emulator on `backendPort`, with proxy credentials `proxyUser`
    /// (`user:password`), and awaits the line where it names its ports (an event: no polling).
    init(backendPort: Int, directory: URL, proxyUser: String) async throws {
        self.directory = directory
        let watch = LineWatch()
        let pipe = Pipe()
        output = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            watch.feed(data)
        }
        // The ready line comes on stderr, read the way ServedEmulator reads the server's (the Pipe handed over
        // whole, so the parent's copy of its write end is closed at launch).
        child = try ChildProcess([Self.script.path, String(backendPort), directory.path, "--proxy-user", proxyUser],
                                 executable: URL(fileURLWithPath: "/usr/bin/python3"), stderrPipe: pipe)
        guard let line = await watch.line(), let ready = try? JSONDecoder().decode(Ready.self, from: Data(line.utf8))
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

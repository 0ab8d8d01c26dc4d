public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `esmigrate` binary as a child process whose exit is awaited, never waited for on a thread.
///
/// Swift Testing runs every test on the cooperative pool, which has one thread per core: two on the CI
/// runner. A test that blocks a thread in `waitUntilExit` or `Thread.sleep` for the seconds a CLI run takes
/// stalls the emulators and clients of every other test in the process, until their requests time out.
package final class ChildProcess: Sendable {
    /// The built `esmigrate` executable, next to the test bundle (`.build/debug/esmigrate`).
    public static let esmigrate: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("esmigrate")
    }()

    /// Resumes whoever awaits a process's exit; kept apart from the process so its handler holds no cycle.
    final class ExitSignal: Sendable {
        private let state = Mutex<(exited: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func fire() {
            let waiters = state.withLock { s in
                s.exited = true
                defer { s.waiters = [] }
                return s.waiters
            }
            for w in waiters { w.resume() }
        }

        func wait() async {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let exited = state.withLock { s in
                    if !s.exited { s.waiters.append(c) }
                    return s.exited
                }
                if exited { c.resume() }
            }
        }
    }

    /// Sends a signal to the process once its stderr has shown `count` lines containing `marker`: an
    /// interruption placed by what the command has done (its N-th progress event), not by the clock.
    package final class LineTrigger: Sendable {
        public let marker: String
        public let count: Int
        public let signal: Int32
        private let state = Mutex<(pending: [UInt8], seen: Int, pid: Int32?, fired: Bool)>(([], 0, nil, false))
        private let matches = Mutex<[String]>([])

        public init(marker: String, count: Int, signal: Int32) {
            self.marker = marker
            self.count = count
            self.signal = signal
        }

        /// Whether the signal was sent (the process reached the event before it ended).
        public var fired: Bool { state.withLock { $0.fired } }

        /// The lines that contained the marker, as the process wrote them.
        public var matchedLines: [String] { matches.withLock { $0 }.filter { $0.contains(marker) } }

        /// Every line the process wrote to stderr (it goes to the trigger, not to a file).
        public var lines: [String] { matches.withLock { $0 } }

        func attach(pid: Int32) {
            state.withLock { s in
                s.pid = pid
                fireIfDue(&s)
            }
        }

        func feed(_ data: Data) {
            state.withLock { s in
                s.pending += data
                while let newline = s.pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: s.pending[..<newline], as: UTF8.self)
                    s.pending.removeSubrange(...newline)
                    matches.withLock { $0.append(line) }
                    if line.contains(marker) { s.seen += 1 }
                }
                fireIfDue(&s)
            }
        }

        private func fireIfDue(_ s: inout (pending: [UInt8], seen: Int, pid: Int32?, fired: Bool)) {
            guard !s.fired, s.seen >= count, let pid = s.pid else { return }
            s.fired = kill(pid, signal) == 0
        }
    }

    private let process = Process()
    private let exitSignal = ExitSignal()

    /// Starts `esmigrate arguments` (or `executable`) with its output going to the given files (`nil`: discarded).
    public init(_ arguments: [String], cwd: URL? = nil, environment: [String: String]? = nil,
         stdout: FileHandle? = nil, stderr: FileHandle? = nil, executable: URL? = nil,
         trigger: LineTrigger? = nil, stderrPipe: Pipe? = nil) throws {
        process.executableURL = executable ?? Self.esmigrate
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        // The shared budget ledger is off unless a test asks for one: tests run in parallel with the same made-up
        // tokens against different emulators, and must neither pace each other nor write into the user's home.
        var environment = environment ?? ProcessInfo.processInfo.environment
        if environment["ESMIGRATE_BUDGET_LEDGER"] == nil { environment["ESMIGRATE_BUDGET_LEDGER"] = "off" }
        process.environment = environment
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        if let stderrPipe { process.standardError = stderrPipe }
        if let trigger {
            // Read on Foundation's reader thread, never on the cooperative pool.
            let pipe = Pipe()
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil } else { trigger.feed(data) }
            }
            process.standardError = pipe
        }
        process.terminationHandler = { [exitSignal] _ in exitSignal.fire() }
        try process.run()
        trigger?.attach(pid: process.processIdentifier)
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// After `exited()`: whether a signal ended the process (it did not exit by itself).
    public var diedOfSignal: Bool { process.terminationReason == .uncaughtSignal }

    /// Returns when the process has exited, with its status (128 + N after signal N, as a shell says).
    @discardableResult
    public func exited() async -> Int32 {
        await exitSignal.wait()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Sends SIGTERM, then awaits the exit.
    public func terminate() async {
        if process.isRunning { process.terminate() }
        await exited()
    }
}

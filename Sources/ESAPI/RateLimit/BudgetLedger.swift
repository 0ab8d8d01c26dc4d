public import Crypto
import Foundation
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The GCRA state of one credential, shared by every esmigrate process on the machine through a small file.
///
/// Cloudflare's limit is per user across all accounts, so processes that use the same credential must spend
/// one budget. Each reservation locks the file (`flock`, released by the kernel when a process dies, even by
/// `kill -9`), reads the theoretical arrival time and the pause, moves them on, writes them back in one `pwrite`
/// and unlocks: a few microseconds next to an HTTP round trip. A 429 seen by one process pauses all of them.
///
/// Times are wall-clock nanoseconds (so that processes agree on them); a state that GCRA could not have
/// produced (a reservation more than a window ahead, a pause longer than an hour, as after a clock change or
/// a reboot) is discarded rather than obeyed.
public final class BudgetLedger: Sendable {
    /// The ledger file.
    public let path: String
    private let descriptor: FileDescriptor
    /// `flock` excludes other processes, not other threads of this one (they share the open file): this does.
    private let local = Mutex(())

    static let magic: Int64 = 0x4553_4D5F_4C44_4731      // "ESM_LDG1"
    static let longestPause: Int64 = 3_600_000_000_000

    /// Opens (or creates) the ledger file at `path`.
    ///
    /// - Throws: ``ConfigurationError`` of kind ``ConfigurationError/Kind/invalidBudgetLedger`` naming the file.
    public init(path: String) throws {
        self.path = path
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readWrite, options: [.create, .closeOnExec],
                                                 permissions: [.ownerReadWrite])
        } catch {
            throw ConfigurationError.invalidBudgetLedger(path, reason: "\(error)")
        }
    }

    deinit { try? descriptor.close() }

    /// Where the ledgers live unless told otherwise: `${XDG_STATE_HOME:-~/.local/state}/esmigrate/budgets`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return state + "/esmigrate/budgets"
    }

    /// Opens the ledger of `credentials` in `directory` (created if missing, mode 0700): the file is named by a
    /// keyed hash of the credential, whose key is a random secret kept in `directory/.key` (mode 0600), so the
    /// name reveals nothing about the credential and cannot be turned back into it.
    public static func open(directory: String, credentials: Credentials) throws -> BudgetLedger {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigurationError.invalidBudgetLedger(directory, reason: "cannot create the folder: \(error)")
        }
        let key = try machineKey(in: directory)
        return try BudgetLedger(path: directory + "/" + fingerprint(credentials, key: key) + ".ledger")
    }

    /// The file name of a credential's ledger: HMAC-SHA256 of its kind and secret under `key`, in hex.
    public static func fingerprint(_ credentials: Credentials, key: SymmetricKey) -> String {
        var mac = HMAC<SHA256>(key: key)
        for header in credentials.headers {
            mac.update(data: Data(header.name.utf8))
            mac.update(data: [0])
            mac.update(data: Data(header.value.utf8))
            mac.update(data: [0])
        }
        return mac.finalize().map { String(format: "%02x", $0) }.joined().prefix(32).description
    }

    /// The random key of the ledgers in `directory`, created once; every process on the machine reads the same.
    static func machineKey(in directory: String) throws -> SymmetricKey {
        let path = directory + "/.key"
        if let data = FileManager.default.contents(atPath: path), data.count == 32 { return SymmetricKey(data: data) }
        // Written whole to a private file, then published with link(2), which fails if the key exists: when two
        // processes race, one key wins and both read it, and no process ever reads a partly written key.
        let fresh = [UInt8](SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        let temporary = path + ".\(getpid())"
        do {
            let fd = try FileDescriptor.open(FilePath(temporary), .writeOnly, options: [.create, .truncate, .closeOnExec],
                                             permissions: [.ownerReadWrite])
            try fd.closeAfter { _ = try fd.writeAll(fresh) }
        } catch {
            throw ConfigurationError.invalidBudgetLedger(path, reason: "cannot write the key: \(error)")
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0, errno != EEXIST {
            throw ConfigurationError.invalidBudgetLedger(path, reason: "cannot create the key: \(Errno(rawValue: errno))")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count == 32 else {
            throw ConfigurationError.invalidBudgetLedger(path, reason: "the key file is not 32 bytes; remove it")
        }
        return SymmetricKey(data: data)
    }

    /// The shared state: the theoretical arrival time of the next request and the end of a pause.
    struct State: Equatable {
        var tat: Int64
        var pausedUntil: Int64
    }

    /// Reserves a slot at spacing `interval` with burst `tolerance`, and returns how long to wait before
    /// sending (zero when the request may go now).
    public func reserve(interval: Duration, tolerance: Duration) throws -> Duration {
        let t = Self.nanoseconds(interval), tau = Self.nanoseconds(tolerance)
        return .nanoseconds(try update { state, now in
            let earliest = max(now, state.pausedUntil)
            let send = max(earliest, state.tat - tau)
            state.tat = max(state.tat, send) + t
            return send - now
        })
    }

    /// A 429: every process waits `retryAfter` (at least one `interval`), then resumes without a burst.
    public func pause(for retryAfter: Duration, interval: Duration, tolerance: Duration) throws {
        let until = Self.nanoseconds(max(retryAfter, interval)), tau = Self.nanoseconds(tolerance)
        _ = try update { state, now in
            state.pausedUntil = max(state.pausedUntil, now + until)
            state.tat = max(state.tat, now + until + tau)
            return 0
        }
    }

    /// Runs `body` on the state under both locks and writes the result back.
    private func update(_ body: (inout State, Int64) -> Int64) throws -> Int64 {
        try local.withLock { _ in
            guard flock(descriptor.rawValue, LOCK_EX) == 0 else {
                throw ConfigurationError.invalidBudgetLedger(path, reason: "cannot lock: \(Errno(rawValue: errno))")
            }
            defer { _ = flock(descriptor.rawValue, LOCK_UN) }
            let now = Self.wallNanoseconds()
            var state = try read(now: now)
            let result = body(&state, now)
            try write(state)
            return result
        }
    }

    private func read(now: Int64) throws -> State {
        var words = [Int64](repeating: 0, count: 3)
        let n = try words.withUnsafeMutableBytes { try descriptor.read(fromAbsoluteOffset: 0, into: $0) }
        guard n == 24, words[0] == Self.magic else { return State(tat: now, pausedUntil: 0) }
        var state = State(tat: words[1], pausedUntil: words[2])
        // Not a state GCRA leaves behind (a clock stepped back, a reboot, a damaged file): start afresh.
        if state.tat > now + Self.longestPause || state.pausedUntil > now + Self.longestPause {
            state = State(tat: now, pausedUntil: 0)
        }
        return state
    }

    private func write(_ state: State) throws {
        let words: [Int64] = [Self.magic, state.tat, state.pausedUntil]
        let n = try words.withUnsafeBytes { try descriptor.write(toAbsoluteOffset: 0, $0) }
        guard n == 24 else { throw ConfigurationError.invalidBudgetLedger(path, reason: "short write") }
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }

    static func wallNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

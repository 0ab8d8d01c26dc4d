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
/// Times are wall-clock nanoseconds (so that processes agree on them). The file is data from outside the
/// process: a state no clock could have produced (a time before 2001, a reservation or a pause more than two
/// hours ahead, as after a clock change, a reboot or damage) is discarded rather than obeyed, and every sum
/// saturates instead of trapping.
///
/// Files are opened without following symbolic links and must be regular files with one link: a link planted
/// in a shared folder is refused by name, never written through. A folder that its group may write (mode
/// 2770, say) is a team's shared ledger: the key is then created group-readable and the ledgers
/// group-writable.
package final class BudgetLedger: Sendable {
    /// The ledger file.
    public let path: String
    private let descriptor: FileDescriptor
    /// `flock` excludes other processes, not other threads of this one (they share the open file): this does.
    private let local = Mutex(())

    static let magic: Int64 = 0x4553_4D5F_4C44_4731      // "ESM_LDG1"
    /// The furthest ahead a stored time may be (twice ``RateLimitHeaders/longestWait``): a pause is at most
    /// an hour, and a reservation at most a pause plus a burst.
    static let longestAhead: Int64 = 7_200_000_000_000
    /// 2001-01-01T00:00:00Z in nanoseconds: no clock that wrote a ledger was earlier.
    static let earliestPlausible: Int64 = 978_307_200_000_000_000

    /// Opens (or creates, mode 0600) the ledger file at `path`.
    ///
    /// - Throws: ``ConfigurationError`` of kind ``ConfigurationError/Kind/invalidBudgetLedger`` naming the file.
    public convenience init(path: String) throws {
        try self.init(path: path, shared: false)
    }

    /// Opens (or creates) the ledger file at `path`, group-writable when `shared`.
    init(path: String, shared: Bool) throws {
        self.path = path
        descriptor = try Self.openRegular(path, write: true, createMode: shared ? 0o660 : 0o600)
    }

    deinit { try? descriptor.close() }

    /// Where the ledgers live unless told otherwise: `${XDG_STATE_HOME:-~/.local/state}/esmigrate/budgets`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return state + "/esmigrate/budgets"
    }

    /// Opens the ledger of `credentials` in `directory` (created if missing, mode 0700): the file is named by a
    /// keyed hash of the credential, whose key is a random secret kept in `directory/.key` (mode 0600, or 0640
    /// in a group-shared folder), so the name reveals nothing about the credential and cannot be turned back
    /// into it.
    public static func open(directory: String, credentials: Credentials) throws -> BudgetLedger {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigurationError.invalidBudgetLedger(directory, reason: "cannot create the folder: \(error)")
        }
        var folder = stat()
        guard stat(directory, &folder) == 0, (folder.st_mode & S_IFMT) == S_IFDIR else {
            throw ConfigurationError.invalidBudgetLedger(directory, reason: "\(directory) is not a folder")
        }
        let shared = folder.st_mode & S_IWGRP != 0
        let key = try machineKey(in: directory, shared: shared)
        return try BudgetLedger(path: directory + "/" + fingerprint(credentials, key: key) + ".ledger", shared: shared)
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
    static func machineKey(in directory: String, shared: Bool = false) throws -> SymmetricKey {
        let path = directory + "/.key"
        if let key = try readKey(path) { return key }
        // Written whole to a private file, then published with link(2), which fails if the key exists: when two
        // processes race, one key wins and both read it, and no process ever reads a partly written key.
        let fresh = [UInt8](SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        let temporary = path + ".\(getpid())"
        unlink(temporary)
        do {
            let fd = try openRegular(temporary, write: true, createMode: shared ? 0o640 : 0o600, exclusive: true)
            try fd.closeAfter { _ = try fd.writeAll(fresh) }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError.invalidBudgetLedger(path, reason: "cannot write the key: \(error)")
        }
        let linked = link(temporary, path) == 0 ? 0 : errno
        unlink(temporary)
        if linked != 0, linked != EEXIST {
            throw ConfigurationError.invalidBudgetLedger(path, reason: "cannot create the key: \(Errno(rawValue: linked))")
        }
        guard let key = try readKey(path) else {
            throw ConfigurationError.invalidBudgetLedger(path, reason: "\(path) vanished while it was being created")
        }
        return key
    }

    /// The key at `path`, `nil` when there is none; a key that cannot be read says why (permission, size, a
    /// link), so nobody is advised to remove a key that another user's ledgers depend on.
    private static func readKey(_ path: String) throws -> SymmetricKey? {
        var info = stat()
        if lstat(path, &info) != 0, errno == ENOENT { return nil }
        let fd = try openRegular(path, write: false, createMode: nil)
        return try fd.closeAfter {
            var bytes = [UInt8](repeating: 0, count: 33)
            let n = try bytes.withUnsafeMutableBytes { try fd.read(fromAbsoluteOffset: 0, into: $0) }
            guard n == 32 else {
                throw ConfigurationError.invalidBudgetLedger(path, reason: "the key file \(path) holds \(n == 33 ? "more than 32" : "\(n)") bytes, not 32: "
                    + "it was not written by esmigrate; if no one else uses this folder, remove it")
            }
            return SymmetricKey(data: bytes.prefix(32))
        }
    }

    /// Opens `path` without following a symbolic link and checks that it is a regular file with one link;
    /// creates it with `createMode` when given (exclusively when `exclusive`).
    static func openRegular(_ path: String, write: Bool, createMode: mode_t?, exclusive: Bool = false) throws
        -> FileDescriptor
    {
        var options: FileDescriptor.OpenOptions = [.noFollow, .closeOnExec, .nonBlocking]  // a FIFO must not block
        if exclusive { options.formUnion([.create, .exclusiveCreate]) }
        let permissions = createMode.map { FilePermissions(rawValue: $0) }
        let mode: FileDescriptor.AccessMode = write ? .readWrite : .readOnly
        // Created exclusively first, so that the mode is set only on a file this process made.
        var created = false
        let descriptor: FileDescriptor
        do {
            if createMode != nil, !exclusive {
                do {
                    descriptor = try FileDescriptor.open(FilePath(path), mode,
                                                         options: options.union([.create, .exclusiveCreate]),
                                                         permissions: permissions)
                    created = true
                } catch Errno.fileExists {
                    descriptor = try FileDescriptor.open(FilePath(path), mode, options: options)
                }
            } else {
                descriptor = try FileDescriptor.open(FilePath(path), mode, options: options, permissions: permissions)
                created = exclusive
            }
        } catch let error as Errno {
            throw refusal(path, errno: error.rawValue)
        }
        let fd = descriptor.rawValue
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let e = errno
            try? descriptor.close()
            throw refusal(path, errno: e)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else {
            try? descriptor.close()
            throw ConfigurationError.invalidBudgetLedger(path, reason: "\(path) is not a regular file with a single "
                + "link (a hard link, a device or a folder): refusing to use it; remove it if you did not create it")
        }
        // umask may have narrowed the mode; a group-shared ledger needs the group bits it asked for.
        if created, let mode = createMode { fchmod(fd, mode) }
        return descriptor
    }

    /// The refusal for a failed open: a link, a permission (naming the owner and mode), or the system's reason.
    private static func refusal(_ path: String, errno code: Int32) -> ConfigurationError {
        switch code {
        case ELOOP:
            return .invalidBudgetLedger(path, reason: "\(path) is a symbolic link: refusing to follow it; "
                + "remove it if you did not create it")
        case EACCES, EPERM:
            var info = stat()
            let owner = lstat(path, &info) == 0
                ? " (owner uid \(info.st_uid), mode \(String(info.st_mode & 0o7777, radix: 8)))" : ""
            return .invalidBudgetLedger(path, reason: "permission denied on \(path)\(owner): another user's ledger; "
                + "use a folder of your own, or share one as a group (README, Many accounts)")
        case ENOENT:
            return .invalidBudgetLedger(path, reason: "no such file: \(path)")
        default:
            return .invalidBudgetLedger(path, reason: "\(path): \(Errno(rawValue: code))")
        }
    }

    /// The shared state: the theoretical arrival time of the next request and the end of a pause.
    struct State: Equatable {
        var tat: Int64
        var pausedUntil: Int64
    }

    /// A reservation: how long to wait before sending, and whether a 429 pause decided it.
    package struct Slot: Sendable, Hashable {
        public var delay: Duration
        public var paused: Bool
    }

    /// Reserves a slot at spacing `interval` with burst `tolerance`, and returns how long to wait before
    /// sending (zero when the request may go now).
    public func reserve(interval: Duration, tolerance: Duration) throws -> Slot {
        let t = Self.nanoseconds(interval), tau = Self.nanoseconds(tolerance)
        var paused = false
        let delay = try update { state, now in
            let earliest = max(now, state.pausedUntil)
            let send = max(earliest, state.tat &- tau)
            paused = state.pausedUntil > now && earliest >= send
            state.tat = Self.sum(max(state.tat, send), t)
            return send - now
        }
        return Slot(delay: .nanoseconds(delay), paused: paused)
    }

    /// A 429: every process waits `retryAfter` (at least one `interval`), then resumes without a burst.
    public func pause(for retryAfter: Duration, interval: Duration, tolerance: Duration) throws {
        let until = Self.nanoseconds(max(retryAfter, interval)), tau = Self.nanoseconds(tolerance)
        _ = try update { state, now in
            state.pausedUntil = max(state.pausedUntil, Self.sum(now, until))
            state.tat = max(state.tat, Self.sum(Self.sum(now, until), tau))
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
        let state = State(tat: words[1], pausedUntil: words[2])
        return Self.isPlausible(state, now: now) ? state : State(tat: now, pausedUntil: 0)
    }

    /// Whether GCRA under a clock could have left `state` behind at `now`: no time before 2001 (a pause of
    /// 0 is "none"), none more than ``longestAhead`` past `now`. Anything else — a clock stepped back, a
    /// reboot, a damaged or forged file — is discarded, and the ledger starts afresh.
    static func isPlausible(_ state: State, now: Int64) -> Bool {
        let horizon = sum(now, longestAhead)
        return (earliestPlausible...horizon).contains(state.tat)
            && (state.pausedUntil == 0 || (earliestPlausible...horizon).contains(state.pausedUntil))
    }

    private func write(_ state: State) throws {
        let words: [Int64] = [Self.magic, state.tat, state.pausedUntil]
        let n = try words.withUnsafeBytes { try descriptor.write(toAbsoluteOffset: 0, $0) }
        guard n == 24 else { throw ConfigurationError.invalidBudgetLedger(path, reason: "short write") }
    }

    /// `a + b`, at most `Int64.max` and at least `Int64.min`.
    static func sum(_ a: Int64, _ b: Int64) -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : value
    }

    /// `d` in nanoseconds, clamped to 0...``longestAhead`` (no interval, tolerance or pause is longer).
    static func nanoseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        guard s >= 0 else { return 0 }
        guard s < longestAhead / 1_000_000_000 else { return longestAhead }
        return min(s * 1_000_000_000 + atto / 1_000_000_000, longestAhead)
    }

    static func wallNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

public import ESAPI
public import ESRecords
public import Foundation
public import Logging
import ESReaders

/// Exports collections page by page (1000 per page) into a backup folder that appears only when complete.
///
/// The files are written into a hidden staging folder next to the destination (`.NAME.partial-PID`),
/// checksummed, described by `manifest.json` (written last), and the folder is then renamed into place. A
/// crash leaves only the hidden staging folder, never a backup that looks complete. Each file, the staging
/// folder and, after the rename, its parent are flushed with `fsync`, so a power loss cannot leave a renamed
/// backup with missing or short files either. Memory stays constant: one page of objects at a time.
public struct Exporter<C: Clock>: Sendable where C.Duration == Duration {
    /// What to export and where.
    public struct Options: Sendable {
        public var destination: String
        public var collections: [SettingsCollection] = SettingsCollection.allCases
        public var format: ExportFormat = .jsonl
        public var dialect: ExportDialect = .esmigrate
        /// Write into `destination/esmigrate-<UTC time>` instead of `destination` itself.
        public var timestamped = false
        /// With `timestamped`: keep the newest N backups in `destination`, delete older ones.
        public var keep: Int?
        public var toolVersion = "0"
        /// Called as each collection's file is written, checksummed and synced (progress for scripts).
        public var onCollection: (@Sendable (ExportManifest.Entry) -> Void)?
        /// The wall clock for the manifest's `started_at`/`finished_at` and the timestamped folder's name;
        /// tests fix it to get byte-identical manifests.
        public var wallClock: @Sendable () -> Date = { Date() }

        /// Options to export every collection as JSON Lines into `destination`.
        public init(destination: String) { self.destination = destination }
    }

    /// What an export did.
    public struct Result: Sendable {
        public var directory: String
        public var manifest: ExportManifest
        /// Older backups removed by `keep`.
        public var rotatedOut: [String]
        public var seconds: Double
        /// Warnings for the user (a dashboard CSV over the upload limit, stale staging folders).
        public var warnings: [String]
        public var listRequests: Int { manifest.collections.reduce(0) { $0 + $1.listRequests } }
        public var records: Int { manifest.collections.reduce(0) { $0 + $1.count } }
    }

    public let client: EmailSecurityClient<C>
    let logger: Logger

    /// An exporter reading through `client` (its account, its rate budget).
    public init(client: EmailSecurityClient<C>, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The timestamped backup folders are named `esmigrate-YYYYMMDDTHHMMSSZ` (they sort by time).
    public static var timestampedPrefix: String { "esmigrate-" }

    /// Exports `options.collections` into `options.destination` and returns what was written.
    ///
    /// - Parameters:
    ///   - options: what to export, where, and in which format.
    ///   - now: when the export starts (the manifest's `started_at` and a timestamped folder's name); by
    ///     default ``Options/wallClock``'s time.
    /// - Throws: ``ExportError`` (a destination that cannot be used, a write that failed part-way), an
    ///   `APIError`, or `CancellationError`; the staging folder is removed in every case.
    public func run(_ options: Options, now: Date? = nil) async throws -> Result {
        let now = now ?? options.wallClock()
        let started = ContinuousClock.now
        // Where the backup goes is decided, and created, before the first request.
        let place = try Self.prepare(options, now: now)
        do {
            var warnings = place.warnings
            var entries: [ExportManifest.Entry] = []
            for collection in SettingsCollection.allCases where options.collections.contains(collection) {
                try Task.checkCancellation()
                entries.append(try await exportCollection(collection, options, into: place.staging, warnings: &warnings))
            }
            let manifest = ExportManifest(
                toolVersion: options.toolVersion, accountID: client.configuration.accountID,
                apiBase: client.configuration.baseURL, startedAt: Self.iso(now),
                finishedAt: Self.iso(options.wallClock()), format: options.format, dialect: options.dialect,
                collections: entries)
            try Self.finish(manifest, place)
            var rotated: [String] = []
            if options.timestamped, let keep = options.keep {
                (rotated, warnings) = try Self.rotate(options.destination, keep: keep, warnings: warnings)
            }
            return Result(directory: place.final, manifest: manifest, rotatedOut: rotated,
                          seconds: (ContinuousClock.now - started).seconds, warnings: warnings)
        } catch {
            try? FileManager.default.removeItem(atPath: place.staging)
            throw Self.classify(error, staging: place.staging)
        }
    }

    /// Where a backup is written: the final folder, its parent and name, and the hidden staging folder.
    struct Placement {
        var final: String
        var parent: String
        var name: String
        var staging: String
        /// Abandoned staging folders removed, or live ones found, beside this one.
        var warnings: [String] = []
    }

    /// Checks the options and the destination and creates the staging folder, before any request.
    static func prepare(_ options: Options, now: Date) throws -> Placement {
        let fm = FileManager.default
        if options.dialect == .dashboardAllow {
            guard options.format == .csv, options.collections == [.allowPolicies] else {
                throw ExportError.destination("the dashboard-allow dialect writes allow_policies as CSV only")
            }
        }
        guard !options.destination.isEmpty else {
            throw ExportError.destination("the output folder is an empty path; name a folder")
        }
        let final: String
        if options.timestamped {
            try destinationStep(options.destination) {
                try refuseSymlink(options.destination, allowingFolder: true)
                try fm.createDirectory(atPath: options.destination, withIntermediateDirectories: true)
            }
            final = try unusedTimestampedPath(in: options.destination, stamp: stamp(now))
        } else {
            final = options.destination
            try refuseSymlink(final, allowingFolder: false)
            try checkReplaceable(final)
        }
        // Absolute paths: NSString's path helpers trap on some short relative paths ("o") on Linux.
        let finalURL = URL(fileURLWithPath: final).standardizedFileURL
        let parent = finalURL.deletingLastPathComponent().path
        let name = finalURL.lastPathComponent
        let staging = (parent.isEmpty ? "" : parent + "/") + ".\(name).partial-\(ProcessInfo.processInfo.processIdentifier)"
        try destinationStep(parent) {
            if !parent.isEmpty { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            try? fm.removeItem(atPath: staging)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
        }
        var place = Placement(final: final, parent: parent, name: name, staging: staging)
        place.warnings = removeAbandonedStaging(in: parent, name: name)
        return place
    }

    /// Removes the staging folders of earlier exports to the same place whose process is gone (killed: a
    /// resumed fleet export would otherwise leave them unmentioned), and reports those of a live one.
    static func removeAbandonedStaging(in parent: String, name: String) -> [String] {
        let fm = FileManager.default
        let prefix = ".\(name).partial-"
        var warnings: [String] = []
        for entry in (try? fm.contentsOfDirectory(atPath: parent.isEmpty ? "." : parent)) ?? []
            where entry.hasPrefix(prefix)
        {
            guard let pid = Int32(entry.dropFirst(prefix.count)), pid != ProcessInfo.processInfo.processIdentifier,
                  ExportManifest.fileKind(parent + "/" + entry) == .other else { continue }
            let path = parent + "/" + entry
            if kill(pid, 0) != 0 && errno == ESRCH {
                if (try? fm.removeItem(atPath: path)) != nil {
                    warnings.append("removed \(path), left by an export that was stopped (process \(pid) is gone)")
                }
            } else {
                warnings.append("\(path) is being written by export process \(pid), which is still running")
            }
        }
        return warnings
    }

    /// Writes one collection's file page by page, flushes and checksums it, and describes it for the manifest.
    func exportCollection(_ collection: SettingsCollection, _ options: Options, into staging: String,
                          warnings: inout [String]) async throws -> ExportManifest.Entry {
        let file = ExportManifest.fileName(collection, format: options.format, dialect: options.dialect)
        let path = staging + "/" + file
        let writer = try ExportWriters.make(path: path, collection: collection, format: options.format,
                                            dialect: options.dialect)
        var pages = client.listRaw(collection).makeAsyncIterator()
        var count = 0
        while let object = try await pages.next() {
            try writer.write(object)
            count += 1
        }
        try writer.finish()
        try FileSync.sync(path)
        if let dashboard = writer as? DashboardAllowCSVWriter, dashboard.byteCount >= DashboardAllowCSVWriter.uploadLimit {
            warnings.append("\(file) is \(dashboard.byteCount) bytes; the dashboard accepts uploads under 150 KB — split it, or use esmigrate import")
        }
        let digest = try FileDigest.sha256(path)
        let entry = ExportManifest.Entry(collection: collection, file: file, count: count, bytes: digest.bytes,
                                         sha256: digest.hex, listRequests: pages.requests)
        options.onCollection?(entry)
        logger.info("exported", metadata: ["collection": "\(collection)", "records": "\(count)",
                                           "list_requests": "\(pages.requests)"])
        return entry
    }

    /// Writes the manifest last, flushes it and the staging folder, renames the folder into place and flushes
    /// its parent: the order that makes the rename safe against a power loss.
    static func finish(_ manifest: ExportManifest, _ place: Placement) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestPath = place.staging + "/" + ExportManifest.fileName
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath))
        try FileSync.sync(manifestPath)
        try FileSync.sync(place.staging)
        try moveIntoPlace(place.staging, place.final, parent: place.parent, name: place.name)
        try FileSync.sync(place.parent)
    }

    /// A failure while writing the backup as the user should see it: API errors, cancellation and export
    /// errors as they are; anything else (a full disk, an I/O error) as ``ExportError/output(_:)`` with the
    /// folder and what to do. The staging folder is already gone.
    static func classify(_ error: any Error, staging: String) -> any Error {
        if error is CancellationError || error is APIError { return error }
        let reason: String
        switch error {
        case let e as ExportError:
            guard e.kind == .destination else { return e }
            reason = e.description
        case let e as ReaderError: reason = e.description
        case let e as CocoaError where e.code == .fileWriteOutOfSpace: reason = "no space left on device"
        case let e as CocoaError: reason = e.localizedDescription
        default: reason = "\(error)"
        }
        let hint = reason.lowercased().contains("space") ? "free space and run the export again"
            : "fix the cause and run the export again"
        return ExportError.output("writing the backup failed: \(reason) (in \(staging), now removed; "
            + "any previous backup is untouched): \(hint)")
    }

    /// Runs a step that creates the output folder, reporting a failure as ``ExportError/destination(_:)``.
    static func destinationStep(_ path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExportError {
            throw e
        } catch {
            var reason = (error as? CocoaError).map { $0.localizedDescription } ?? "\(error)"
            if let blocker = firstNonFolderAncestor(path) { reason = "\(blocker) is a file, not a folder" }
            throw ExportError.destination("cannot create the output folder \(path): \(reason)")
        }
    }

    /// The first existing component of `path` that is not a folder (so nothing can be created under it).
    static func firstNonFolderAncestor(_ path: String) -> String? {
        var current = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += (current.isEmpty && !path.hasPrefix("/") ? "" : "/") + component
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: current, isDirectory: &isDirectory) else { return nil }
            if !isDirectory.boolValue { return current }
        }
        return nil
    }

    /// Refuses a destination that is a symbolic link: replacing it would swap the link for a folder, and a
    /// dangling one points nowhere. A timestamped destination may be a link to a folder (backups go inside).
    static func refuseSymlink(_ path: String, allowingFolder: Bool) throws {
        guard ExportManifest.fileKind(path) == .symbolicLink else { return }
        var isDirectory: ObjCBool = false
        let target = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if allowingFolder, target, isDirectory.boolValue { return }
        throw ExportError.destination(target
            ? "\(path) is a symbolic link; give the folder it points to instead"
            : "\(path) is a symbolic link to nothing (dangling); remove it or give another folder")
    }

    /// Whether `name` is a staging folder's (`.NAME.partial-PID`) or a replaced backup's (`.NAME.old-PID`).
    public static func isStagingName(_ name: String) -> Bool {
        guard name.hasPrefix(".") else { return false }
        for marker in [".partial-", ".old-"] {
            if let range = name.range(of: marker, options: .backwards),
               !name[range.upperBound...].isEmpty, name[range.upperBound...].allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    /// A destination may be replaced only when it is absent, empty, or a previous esmigrate backup.
    static func checkReplaceable(_ path: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw ExportError.destination("\(path) exists and is not a folder") }
        let contents = try fm.contentsOfDirectory(atPath: path)
        if contents.isEmpty || contents.contains(ExportManifest.fileName) { return }
        throw ExportError.destination("\(path) exists and is not an esmigrate backup (no \(ExportManifest.fileName)); refusing to replace it")
    }

    /// Renames the staging folder to `final`; an existing backup there is moved aside first and removed after.
    static func moveIntoPlace(_ staging: String, _ final: String, parent: String, name: String) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: final) {
            let aside = (parent.isEmpty ? "" : parent + "/") + ".\(name).old-\(ProcessInfo.processInfo.processIdentifier)"
            try? fm.removeItem(atPath: aside)
            try fm.moveItem(atPath: final, toPath: aside)
            try fm.moveItem(atPath: staging, toPath: final)
            try? fm.removeItem(atPath: aside)
        } else {
            try fm.moveItem(atPath: staging, toPath: final)
        }
    }

    /// `<destination>/esmigrate-<stamp>`, or with `-02`…`-99` after it when an export of the same second
    /// already took that name (the suffixes sort after the plain name and before the next second).
    static func unusedTimestampedPath(in destination: String, stamp: String) throws -> String {
        let base = URL(fileURLWithPath: destination).appendingPathComponent(timestampedPrefix + stamp).path
        for n in 1...99 {
            let candidate = n == 1 ? base : base + "-" + (n < 10 ? "0\(n)" : "\(n)")
            if !FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw ExportError.destination("\(base) and its 98 numbered variants already exist")
    }

    /// Deletes complete timestamped backups beyond the newest `keep`; reports stale staging folders.
    static func rotate(_ directory: String, keep: Int, warnings: [String]) throws -> ([String], [String]) {
        let fm = FileManager.default
        var warnings = warnings
        let names = try fm.contentsOfDirectory(atPath: directory)
        let backups = names.filter {
            $0.hasPrefix(timestampedPrefix) && fm.fileExists(atPath: "\(directory)/\($0)/\(ExportManifest.fileName)")
        }.sorted(by: >)
        var removed: [String] = []
        for old in backups.dropFirst(max(keep, 1)) {
            try fm.removeItem(atPath: "\(directory)/\(old)")
            removed.append("\(directory)/\(old)")
        }
        for stale in names where stale.hasPrefix("." + timestampedPrefix) && stale.contains(".partial-") {
            warnings.append("\(directory)/\(stale) is an unfinished backup from an interrupted export; remove it")
        }
        return (removed, warnings)
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}

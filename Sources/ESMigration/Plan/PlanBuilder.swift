public import ESAPI
public import ESReaders
public import ESRecords
public import Logging

/// Reads the inputs, fetches the live collections they touch, and plans.
package enum PlanBuilder {
    /// Reads every file into `store`, a few thousand records at a time; rejected rows are counted (they make
    /// the run exit 65) but not planned.
    ///
    /// The readers' own de-duplication is off: repeated records, within a file or across files, are all
    /// decided by the store (the first occurrence wins, R34), so memory does not grow with the input.
    public static func stage(files: [String], options: ReadOptions, into store: PlanStore, logger: Logger) throws
        -> InputReport
    {
        var options = options
        options.deduplicate = false
        var stager = store.stager()
        var failure: (any Error)?
        let report = forEachRecord(files: files, options: options, logger: logger) { record, source in
            guard failure == nil else { return }
            do { try stager.add(record, source: source) } catch { failure = error }
        }
        if let failure { throw failure }
        try stager.flush()
        return report
    }

    /// Reads every file, handing each normalized record and its `file:line` to `body`.
    static func forEachRecord(files: [String], options: ReadOptions, logger: Logger,
                              _ body: (NormalizedRecord, String) -> Void) -> InputReport {
        var report = InputReport()
        for file in files {
            do {
                let reader = try LegacyFileReader(path: file, options: options, logger: logger)
                report.summary.addFile()
                while let item = try reader.next() {
                    report.summary.add(item.outcome)
                    for record in item.outcome.records { body(record, "\(file):\(item.outcome.line)") }
                }
            } catch let e as ReaderError {
                report.errors.append(e)
            } catch {
                report.errors.append(ReaderError(.unreadable, file: file, message: "\(error)"))
            }
        }
        return report
    }

    /// Reads a backup folder into `store` (restore and clone).
    public static func stage(backup directory: String, collections: Set<SettingsCollection>?, into store: PlanStore,
                             logger: Logger) throws -> InputReport {
        var stager = store.stager()
        var report = InputReport()
        let backup = try BackupSource.read(directory, collections: collections, logger: logger) { d in
            try stager.add(d.record, source: d.source)
        }
        try stager.flush()
        report.backup = backup
        return report
    }
}

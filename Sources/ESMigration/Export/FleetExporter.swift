public import ESAPI
import ESRecords
import Foundation
public import Logging

/// Backs up several accounts with one credential: one complete backup per account under
/// `destination/<account-id>/`, a few accounts at a time, all sharing the client's rate limiter (and its ledger).
///
/// An account that fails (refused, unreachable, a full disk) is reported in its ``Outcome`` and the others go
/// on. `fleet.json` in the destination lists every account's outcome once all have ended.
public struct FleetExporter<C: Clock>: Sendable where C.Duration == Duration {
    /// What became of one account's backup.
    public struct Outcome: Sendable {
        public var account: String
        /// The backup, when it was written.
        public var result: Exporter<C>.Result?
        /// Why it was not.
        public var error: (any Error)?
    }

    /// The summary file written beside the accounts' folders.
    public static var summaryFileName: String { "fleet.json" }

    public let client: EmailSecurityClient<C>
    let logger: Logger

    /// A fleet exporter whose `client` (any of the accounts) lends its credential, transport and limiter.
    public init(client: EmailSecurityClient<C>, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Exports `accounts` with `options` (its destination is the fleet's folder), `parallel` at a time, and
    /// writes the summary.
    ///
    /// Accounts start in the order given; each takes its requests from the one limiter as it needs them, so a
    /// large account does not hold the others back. When the task is cancelled, accounts not started are not
    /// started, and running ones stop as a single export does (their staging folders removed).
    /// - Throws: ``ExportError`` when the fleet's folder or its summary cannot be written.
    public func run(accounts: [String], options: Exporter<C>.Options, parallel: Int) async throws -> [Outcome] {
        try FileManager.default.createDirectory(atPath: options.destination, withIntermediateDirectories: true)
        let (client, logger) = (self.client, self.logger)
        let ordered = await AccountFanOut.run(accounts, parallel: parallel, stopped: { Task.isCancelled }) { account in
            var own = options
            own.destination = options.destination + "/" + account
            do {
                let exporter = Exporter(client: try client.forAccount(account), logger: logger)
                return Outcome(account: account, result: try await exporter.run(own), error: nil)
            } catch {
                if !(error is CancellationError) { logger.error("\(error)", metadata: ["account": "\(account)"]) }
                return Outcome(account: account, result: nil, error: error)
            }
        }
        try Self.writeSummary(ordered, to: options.destination, toolVersion: options.toolVersion,
                              finishedAt: options.wallClock())
        return ordered
    }

    /// Writes `fleet.json` (by a temporary file and a rename, so it is never half written).
    static func writeSummary(_ outcomes: [Outcome], to directory: String, toolVersion: String, finishedAt: Date) throws {
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.key("tool"); json.string("esmigrate")
        json.key("tool_version"); json.string(toolVersion)
        json.key("finished_at"); json.string(Exporter<C>.iso(finishedAt))
        json.key("accounts"); json.beginArray()
        for o in outcomes {
            json.beginObject()
            json.key("account"); json.string(o.account)
            json.key("status"); json.string(o.error == nil ? "ok" : "failed")
            json.key("directory"); json.string(o.result.map { ($0.directory as NSString).lastPathComponent == o.account
                ? o.account : o.account + "/" + ($0.directory as NSString).lastPathComponent })
            json.key("records"); json.int(o.result?.records)
            json.key("error"); json.string(o.error.map { "\($0)" })
            json.endObject()
        }
        json.endArray()
        json.endObject()
        let path = directory + "/" + summaryFileName
        do {
            try Data(json.bytes + [10]).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ExportError.output("cannot write the fleet summary: \(error)", file: path)
        }
    }
}

import ArgumentParser
import ESAPI
import ESMigration
import ESRecords
import Foundation
import Logging
import Synchronization

/// `esmigrate domains unprotect`: stop protecting domains, in bulk.
struct Unprotect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Unprotect domains in bulk (a dry run unless --yes), with a result line per domain.",
        discussion: """
            Resolves the names to domain ids from the live list, shows them, and with --yes unprotects them in \
            chunks of up to 1000: through POST …/domains/batch (--via batch, the default, which the API \
            recommends) or the deprecated bulk DELETE …/settings/domains with its JSON array body (--via \
            bulk); per-domain DELETE is the fallback. Journaled (--journal): an interrupted run resumes.
            Names match case-insensitively; IDNs may be given in Unicode or Punycode.

            Examples:
              esmigrate domains unprotect --domain old.example --domain legacy.example
              esmigrate domains unprotect --from-file retired-domains.txt --yes
              esmigrate domains unprotect --match '\\.test$' --yes --via bulk

            Exit codes: 0 done; 2 dry run with domains to unprotect; 65 a name is not a protected domain, or \
            a domain was refused; 75 stopped with work remaining; 64 usage error; 77 the API refused the \
            credential; 1 API or internal error.
            """
    )

    @Option(name: .customLong("domain"), help: "A domain to unprotect (repeatable).") var domains: [String] = []
    @Option(help: "A file with one domain per line (# comments and blank lines ignored).") var fromFile: String?
    @Option(help: "Every protected domain whose name matches this regex (searched; anchor with ^…$).") var match: String?
    @Flag(help: "Every protected domain.") var all = false
    @Flag(help: "Unprotect (without it, only show what would be unprotected).") var yes = false
    @Option(help: "batch (POST …/domains/batch) or bulk (deprecated DELETE …/settings/domains).") var via: DomainDeleteRoute = .batch
    @Option(help: "Domains per request (1–1000).") var chunkSize: Int = 1000
    @Option(help: "The journal file (default ./.esmigrate/journal-<key>.sqlite).") var journal: String?
    @Option(help: "auto (a bar on a terminal), bar, json (events on stderr) or none.") var progress: ProgressDisplay = .auto
    @OptionGroup var api: APIOptions

    @OptionGroup var log: LogOptions
    @OptionGroup var metrics: MetricsOptions

    func validate() throws {
        let given = [!domains.isEmpty || fromFile != nil, match != nil, all].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("say which domains: --domain/--from-file, --match or --all (exactly one kind)")
        }
    }

    func run() async throws {
        try metrics.begin("domains unprotect")
        try api.requireOneAccount("domains unprotect")
        StderrLogHandler.bootstrap(level: .notice)
        let logger = Logger(label: "esmigrate.domains")
        let display = progress
        let choice: Cleanup.DomainChoice
        if all {
            choice = .all
        } else if let match {
            choice = .match(match)
        } else {
            var names = domains
            if let fromFile { names += try ListFile.read(fromFile) }
            choice = .names(names)
        }
        let operation = choice.identity
        let configuration = try api.resolve()
        let yes = self.yes
        let notFound = NotFound()
        var run = MigrationRun<ContinuousClock>(source: .decisions(operation: operation) { client in
            let selection = try await Cleanup.selectDomains(choice, client: client)
            notFound.names = selection.notFound
            return CleanupOutput.decide(selection)
        }, mode: .sync, logger: logger)
        run.approve = { preview in .standard(preview.summary, dryRun: false) { _ in yes } }
        run.journalPath = journal
        run.batchSize = chunkSize
        run.domainDeletes = via
        run.onProgress = display.handler()
        let outcome = try await JournaledApply.run(run, api: api, configuration: configuration, logger: logger)
        display.finish()
        if let report = outcome.report {
            let journal = try Journal(path: outcome.journalPath)
            var lines: [String] = []
            for item in try await journal.items(in: Set(JournalItem.State.allCases), collection: .domains) {
                let name = NaturalKey.last(item.naturalKey)
                let id = item.write.target?.rawValue ?? "?"
                switch item.state {
                case .done: lines.append("unprotected  \(name)  \(id)")
                case .failed: lines.append("failed       \(name)  \(id): \(item.error ?? "")")
                default: lines.append("pending      \(name)  \(id) (run the same command again to finish)")
                }
            }
            StderrLogHandler.write(lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"))
            StderrLogHandler.write(JournaledApply.text(report, journal: outcome.journalPath))
        }
        try JournaledApply.exit(outcome)
        if !notFound.names.isEmpty { throw CommandFailure(.rejected) }
    }
}

/// Names the selection could not resolve, carried out of the planning closure.
final class NotFound: Sendable {
    private let storage = Mutex<[String]>([])

    var names: [String] {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}

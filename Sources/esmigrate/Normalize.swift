import ArgumentParser
import ESReaders
import ESRecords
import Logging

/// `esmigrate normalize`: read legacy lists and report what each row becomes.
struct Normalize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read legacy allow/block lists and report, row by row, the records they normalize to.",
        discussion: """
            Reads CSV, JSON Lines and XML exports in constant memory and applies the normalization rules \
            (IDN → punycode, CIDR masking, ranges → CIDRs, globs → regexes, non-public IPs rejected, …). \
            Every input item is accounted for: items = ok + duplicate + skipped + rejected.

            Dialects (--dialect; default auto-detects from the header, XML root or JSON keys):
            \(DialectName.allCases.map { "  \($0.rawValue.padded(22))\($0.summary)" }.joined(separator: "\n"))

            Examples:
              esmigrate normalize allowed-patterns.csv --out records.jsonl --report report.jsonl
              esmigrate normalize tabl.csv --dialect m365-tabl --rejects fixme.csv
              esmigrate normalize list.csv --collection block_senders --map pattern=Sender --map comments=Notes

            Exit codes: 0 nothing rejected; 65 at least one row rejected (or unsafe XML); 64 usage error \
            (including an undetectable dialect); 66 input missing or unreadable; 1 internal error.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Write the per-item report (JSON Lines) to PATH, or - for stdout.")
    var report: String?

    @Option(help: "Write the normalized records (JSON Lines) to PATH, or - for stdout.")
    var out: String?

    @Option(help: "Write rejected rows in the source's own format to PATH (a directory with several inputs), plus PATH.reasons.jsonl.")
    var rejects: String?

    @Flag(name: [.short, .long], help: "Only print errors.")
    var quiet = false

    @OptionGroup var log: LogOptions

    func validate() throws {
        if report == "-" && out == "-" { throw ValidationError("--report and --out cannot both be stdout") }
    }

    func run() async throws {
        StderrLogHandler.bootstrap(level: quiet ? .error : .notice)
        let logger = Logger(label: "esmigrate.normalize")
        let options = try input.readOptions()
        let run = NormalizeRun(files: input.files, options: options,
                               outputs: .init(report: report, records: out, rejects: rejects))
        // An output that cannot be written stops everything (ReaderError, to ExitStatus); a file that cannot be
        // read is reported and the others go on.
        let results = try run.run(logger: logger)
        var total = NormalizeSummary()
        var failures: [any Error] = []
        for result in results {
            total.merge(result.summary)
            if let error = result.error {
                for line in ExitStatus.message(for: error) { logger.error("\(line)") }
                failures.append(error)
            }
            if let path = result.rejectsPath, result.summary.count(.rejected) > 0 {
                logger.notice("\(result.path): \(result.summary.count(.rejected)) rejected rows written to \(path)")
            }
        }
        if !quiet, total.files > 0 {
            StderrLogHandler.write(total.text + "\n")
        }
        if total.count(.rejected) > 0 || !failures.isEmpty {
            throw CommandFailure(total.count(.rejected) > 0 ? .rejected : .reported, causes: failures)
        }
    }
}

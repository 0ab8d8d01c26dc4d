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
            \(DialectName.allCases.map { "  \($0.rawValue.padding(22))\($0.summary)" }.joined(separator: "\n"))

            Examples:
              esmigrate normalize allowed-patterns.csv --out records.jsonl --report report.jsonl
              esmigrate normalize tabl.csv --dialect m365-tabl --rejects fixme.csv
              esmigrate normalize list.csv --collection block_senders --map pattern=Sender --map comments=Notes

            Exit codes: 0 nothing rejected; 65 at least one row rejected (or unsafe XML); 64 usage error \
            (including an undetectable dialect); 66 input missing or unreadable; 1 internal error.
            """
    )

    @Argument(help: "Input files (CSV, JSON Lines or XML); - reads standard input.")
    var files: [String]

    @Option(help: "Input dialect, or auto to detect it.")
    var dialect: String = "auto"

    @Option(help: "With --map: the collection the rows go to (allow_policies, block_senders, trusted_domains, impersonation_registry).")
    var collection: String?

    @Option(name: .customLong("map"), help: "field=Column for CSVs no dialect knows (repeatable): pattern, email, name, comments, pattern_type, is_regex, action, and the flag names.")
    var mappings: [String] = []

    @Option(help: "CSV delimiter instead of sniffing it: , ; or tab.")
    var delimiter: String?

    @Option(help: "Write the per-item report (JSON Lines) to PATH, or - for stdout.")
    var report: String?

    @Option(help: "Write the normalized records (JSON Lines) to PATH, or - for stdout.")
    var out: String?

    @Option(help: "Write rejected rows in the source's own format to PATH (a directory with several inputs), plus PATH.reasons.jsonl.")
    var rejects: String?

    @Option(help: "verify_sender for allow entries whose source does not say: true or false (default: true for EMAIL/DOMAIN, false for IP).")
    var verifySenderDefault: String?

    @Flag(name: [.short, .long], help: "Only print errors.")
    var quiet = false

    func validate() throws {
        if dialect != "auto", DialectName(rawValue: dialect) == nil {
            throw ValidationError("unknown dialect '\(dialect)'; one of: auto, \(DialectName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let collection, SettingsCollection(rawValue: collection) == nil {
            throw ValidationError("unknown collection '\(collection)'")
        }
        if !mappings.isEmpty, collection == nil, !mappings.contains(where: { $0.lowercased().hasPrefix("action=") }) {
            throw ValidationError("--map needs --collection (or --map action=Column)")
        }
        if report == "-" && out == "-" { throw ValidationError("--report and --out cannot both be stdout") }
        if let d = delimiter, !["," , ";", "tab", "\t"].contains(d) {
            throw ValidationError("--delimiter must be , ; or tab")
        }
        if let v = verifySenderDefault, !["true", "false"].contains(v) {
            throw ValidationError("--verify-sender-default must be true or false")
        }
    }

    func run() async throws {
        StderrLogHandler.bootstrap(level: quiet ? .error : .notice)
        let logger = Logger(label: "esmigrate.normalize")
        var options = ReadOptions()
        if dialect != "auto" { options.dialect = .named(DialectName(rawValue: dialect)!) }
        if !mappings.isEmpty {
            do {
                options.mapping = try MappedCSVDialect.Mapping.parse(
                    collection: collection.flatMap(SettingsCollection.init(rawValue:)), options: mappings)
            } catch let error as ReaderError {
                logger.error("\(error.message)")
                throw ExitCode(ExitStatus.usage)
            }
            if case .auto = options.dialect { options.dialect = .named(.mapped) }
        }
        options.delimiter = delimiter.map { $0 == "tab" || $0 == "\t" ? 9 : $0.utf8.first! }
        options.defaultVerifySender = verifySenderDefault.map { $0 == "true" }

        let run = NormalizeRun(files: files, options: options,
                               outputs: .init(report: report, records: out, rejects: rejects))
        let results: [NormalizeRun.FileResult]
        do {
            results = try run.run(logger: logger)
        } catch let error as ReaderError {
            logger.error("\(error)")
            throw ExitCode(ExitStatus.code(for: error))
        }
        var total = NormalizeSummary()
        var codes: [Int32] = []
        for result in results {
            total.merge(result.summary)
            if let error = result.error {
                logger.error("\(error)")
                codes.append(ExitStatus.code(for: error))
            }
            if let path = result.rejectsPath, result.summary.count(.rejected) > 0 {
                logger.notice("\(result.path): \(result.summary.count(.rejected)) rejected rows written to \(path)")
            }
        }
        if !quiet, total.files > 0 {
            StderrLogHandler.write(total.text + "\n")
        }
        guard total.isBalanced else {
            logger.error("accounting invariant violated: items != ok + duplicate + skipped + rejected")
            throw ExitCode(ExitStatus.internalError)
        }
        if total.count(.rejected) > 0 { codes.append(ExitStatus.dataError) }
        let code = ExitStatus.worst(codes)
        if code != ExitStatus.success { throw ExitCode(code) }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

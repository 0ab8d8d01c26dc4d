import ArgumentParser
import ESReaders
import ESRecords

/// The options that say how to read legacy files (shared by normalize, plan and import).
struct InputOptions: ParsableArguments {
    @Argument(help: "Input files (CSV, JSON Lines or XML); - reads standard input.")
    var files: [String]

    @Option(help: "Input dialect, or auto to detect it (see `esmigrate normalize --help`).")
    var dialect: DialectChoice = .auto

    @Option(help: "With --map: the collection the rows go to.")
    var collection: SettingsCollection?

    @Option(name: .customLong("map"), help: "field=Column for CSVs no dialect knows (repeatable).")
    var mappings: [String] = []

    @Option(help: "CSV delimiter instead of sniffing it: , ; or tab.")
    var delimiter: Delimiter?

    @Option(help: "verify_sender for allow entries whose source does not say: true or false.")
    var verifySenderDefault: Bool?

    @Option(help: ArgumentHelp(
        "The longest CSV record, JSON Lines line or XML entry text, in bytes (default 1048576 = 1 MiB).",
        discussion: "A longer one is rejected as too_long and reading resumes at the next record, so memory stays constant."))
    var maxRecordBytes: Int = ReadLimits.defaultMaxRecordBytes

    func validate() throws {
        if !mappings.isEmpty, collection == nil, !mappings.contains(where: { $0.lowercased().hasPrefix("action=") }) {
            throw ValidationError("--map needs --collection (or --map action=Column)")
        }
        if !(1024...(1 << 30)).contains(maxRecordBytes) {
            throw ValidationError("--max-record-bytes must be from 1024 to 1073741824")
        }
    }

    /// The reader options these flags describe.
    func readOptions() throws -> ReadOptions {
        var options = ReadOptions()
        options.dialect = dialect
        if !mappings.isEmpty {
            do {
                options.mapping = try MappedCSVDialect.Mapping.parse(
                    collection: collection, options: mappings)
            } catch let error as ReaderError {
                throw ValidationError(error.message)
            }
            if case .auto = options.dialect { options.dialect = .named(.mapped) }
        }
        options.delimiter = delimiter?.byte
        options.defaultVerifySender = verifySenderDefault
        options.maxRecordBytes = maxRecordBytes
        return options
    }
}

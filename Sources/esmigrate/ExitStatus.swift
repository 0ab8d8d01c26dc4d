import ArgumentParser
import ESAPI
import ESMigration
import ESReaders

extension ExitCode {
    /// `plan` or a dry run: changes are pending (Terraform's convention).
    static let changesPending = ExitCode(2)
    /// An internal error or an API error that is not temporary.
    static let internalError = ExitCode(1)
    /// A usage error: a bad option, credential or configuration (sysexits' EX_USAGE).
    static let usage = ExitCode(64)
    /// Some input rows or records rejected, writes failed, or a damaged backup (EX_DATAERR).
    static let dataError = ExitCode(65)
    /// An input file or folder is missing or unreadable (EX_NOINPUT).
    static let noInput = ExitCode(66)
    /// An output file or folder cannot be created (EX_CANTCREAT).
    static let cannotCreate = ExitCode(73)
    /// An output or state file failed part-way (a full disk), or a damaged journal (EX_IOERR).
    static let ioError = ExitCode(74)
    /// Stopped with work remaining, or a temporary API failure: run the same command again (EX_TEMPFAIL).
    static let resumable = ExitCode(75)
    /// The API refused the credential (HTTP 401/403) (EX_NOPERM).
    static let noPermission = ExitCode(77)
    /// The network path is misconfigured: TLS cannot verify the server, or the proxy refused (EX_CONFIG).
    static let networkConfiguration = ExitCode(78)
    /// Stopped by SIGINT (128 + 2) after finishing the requests in flight.
    static let interrupted = ExitCode(130)
    /// Stopped by SIGTERM (128 + 15).
    static let terminated = ExitCode(143)
}

/// The one place where failures become exit codes (sysexits-style) and messages on stderr.
enum ExitStatus {
    /// Every exit code with what it means, in the order README's table lists them (a test checks the table).
    static let documented: [(code: ExitCode, meaning: String)] = [
        (.success, "success"),
        (.internalError, "internal error, or an API error that is not temporary"),
        (.changesPending, "changes pending (`plan`, dry runs), or the states `diff` compares differ"),
        (.usage, "usage error: a bad option, credential, mapping or filter"),
        (.dataError, "some input rows or records rejected, writes failed, names not found, a damaged backup, or an API answer that is not what the contract says"),
        (.noInput, "an input file or folder is missing or unreadable"),
        (.cannotCreate, "an output file or folder cannot be created"),
        (.ioError, "an output failed part-way (disk full), or a damaged journal"),
        (.resumable, "stopped with work remaining, or the API is unreachable or temporarily failing: run the same command again"),
        (.noPermission, "the API refused the credential (401/403)"),
        (.networkConfiguration, "TLS could not verify the server, or the proxy refused: a CA bundle or proxy setting to fix, not temporary"),
        (.interrupted, "stopped by SIGINT after finishing the requests in flight"),
        (.terminated, "stopped by SIGTERM"),
    ]

    /// The exit code for `error`, or `nil` for swift-argument-parser's own errors (help, parse errors,
    /// `ValidationError`), which it reports itself.
    static func code(for error: any Error) -> ExitCode? {
        switch error {
        case let e as CommandFailure:
            let own: ExitCode = switch e.kind {
            case .changesPending: .changesPending
            case .rejected: .dataError
            case .missingInput: .noInput
            case .workRemaining: .resumable
            case .interrupted: .interrupted
            case .terminated: .terminated
            case .reported: .success
            default: .internalError
            }
            return worst([own] + e.causes.compactMap(code(for:)))
        case let e as ReaderError: return readerCode(e)
        case let e as InputFailure: return worst(e.errors.map(readerCode))
        case is ConfigurationError: return .usage
        case is AccessDenied: return .noPermission
        case let e as APIError where e.kind == .tls || e.kind == .proxy:
            return .networkConfiguration
        case let e as APIError where e.kind == .invalidResponse:
            // The server's data is wrong (an answer that does not read as the contract says, an account id
            // that is not one): data, not usage.
            return .dataError
        case let e as APIError:
            // Temporary (429 after the pauses, 5xx, nothing sent) or uncertain (journaled runs reconcile it):
            // the same command again is the remedy.
            return e.isRetryable || e.kind == .outcomeUnknown || e.kind == .notSent ? .resumable : .internalError
        case is MigrationError, is CleanupError: return .usage
        case let e as ExportError:
            switch e.kind {
            case .destination: return .cannotCreate
            case .malformed, .manifest, .unsound: return .dataError
            case .output: return .ioError
            default: return .internalError
            }
        case let e as JournalError: return e.kind == .damaged ? .ioError : .resumable
        default: return nil
        }
    }

    /// The exit code for a file-level reader error.
    private static func readerCode(_ error: ReaderError) -> ExitCode {
        switch error.kind {
        case .unreadable: .noInput
        case .uncreatable: .cannotCreate
        case .unwritable: .ioError
        case .undetectedDialect, .dialectMismatch, .invalidMapping, .missingColumn, .missingMappedColumn: .usage
        case .unsafeXML, .noHeader, .tooLong: .dataError
        default: .internalError
        }
    }

    /// What to print for `error` on stderr: its description, with the command line's own option names where
    /// a library message speaks of a concept (the libraries do not know the flags); `nil` when nothing more
    /// is to be printed.
    static func message(for error: any Error) -> [String] {
        switch error {
        case let e as CommandFailure: return e.message.map { [$0] } ?? []
        case let e as InputFailure: return e.errors.flatMap(message(for:))
        case let e as ReaderError:
            switch e.kind {
            case .undetectedDialect: return ["\(e) (--dialect NAME, or --collection with --map field=Column)"]
            case .invalidMapping:
                return ["\(e) (--collection, --map field=Column)"]
            case .missingMappedColumn:
                return ["\(e) (--collection, --map field=Column)"]
            default: return ["\(e)"]
            }
        case let e as ConfigurationError:
            switch e.kind {
            case .missingCredentials: return ["\(e) (--token-file PATH)"]
            case .missingAccountID: return ["\(e) (--account-id)"]
            case .invalidBudgetLedger: return ["\(e) (--budget-ledger PATH, or off)"]
            case .invalidNetwork: return ["\(e) (--proxy URL, --ca-file PATH)"]
            default: return ["\(e)"]
            }
        case let e as MigrationError:
            switch e.kind {
            case .noBatchEndpoint: return ["\(e): use --batch auto or off"]
            case .journalMismatch: return ["\(e): pass another --journal"]
            default: return ["\(e)"]
            }
        case let e as CleanupError:
            if e.kind == .matchesEverything { return ["\(e): say --all if that is what you mean"] }
            let flag = e.criterion.flatMap { ["match": "--match", "commentMatch": "--comment-match",
                                               "patternType": "--pattern-type"][$0] }
            return [flag.map { "\($0): \(e)" } ?? "\(e)"]
        case let e as APIError where code(for: e) == .resumable:
            return ["\(e)", "this may be temporary: run the same command again (imports, restores and cleanups "
                        + "resume from their journal)"]
        default: return ["\(error)"]
        }
    }

    /// Severity order when several failures differ: internal > I/O > permission > missing input > usage >
    /// data > temporary > pending.
    static func worst(_ codes: [ExitCode]) -> ExitCode {
        let order: [ExitCode] = [.terminated, .interrupted, .internalError, .ioError, .cannotCreate, .noPermission,
                                 .networkConfiguration, .noInput, .usage,
                                 .dataError, .resumable, .changesPending, .success]
        return order.first(where: codes.contains) ?? codes.first ?? .success
    }

    /// Prints `error` as `esmigrate: error: …` lines and returns the error swift-argument-parser should exit
    /// with: an `ExitCode` for ours, the error itself for its own.
    static func report(_ error: any Error) -> any Error {
        guard let code = code(for: error) else { return error }
        for line in message(for: error) { StderrLogHandler.write("esmigrate: error: \(line)\n") }
        return code
    }
}

import ArgumentParser
import ESAPI
import ESMigration
import ESReaders
import Logging

/// The one place where failures become exit codes (sysexits-style, as documented in README).
enum ExitStatus {
    static let success: Int32 = 0
    static let internalError: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    /// `export`: the output folder cannot be created or replaced.
    static let cannotCreate: Int32 = 73
    /// An output or state file failed part-way: a full disk during `export` or `normalize --out`, a damaged
    /// journal (sysexits' EX_IOERR).
    static let ioError: Int32 = 74
    /// `plan`: changes are pending (Terraform's convention).
    static let changesPending: Int32 = 2
    /// `import`: stopped with work remaining; running the same command again resumes.
    static let resumable: Int32 = 75
    /// The API refused the credential (HTTP 401/403): wrong, expired, or without permission for the account
    /// (sysexits' EX_NOPERM).
    static let noPermission: Int32 = 77
    /// Stopped by SIGINT (128 + 2) or SIGTERM (128 + 15) after finishing the requests in flight.
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143

    /// Runs an API step, turning configuration errors into exit 64 and API errors into a logged exit 1.
    ///
    /// - Parameter resumable: an import, whose journal makes a retryable or uncertain API failure exit 75
    ///   ("run it again") rather than 1.
    static func mapping<T>(_ logger: Logger, resumable: Bool = false, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let e as ConfigurationError {
            logger.error("\(e)")
            throw ExitCode(usage)
        } catch let e as AccessDenied {
            logger.error("\(e)")
            throw ExitCode(noPermission)
        } catch let e as InputFailure {
            for error in e.errors { logger.error("\(error)") }
            throw ExitCode(worst(e.errors.map(code(for:))))
        } catch let e as APIError {
            logger.error("\(e)")
            if resumable && (e.isRetryable || e.kind == .outcomeUnknown || e.kind == .notSent) {
                StderrLogHandler.write("the journal is intact: run the same command again to resume\n")
                throw ExitCode(Self.resumable)
            }
            // Nothing was sent: an environment problem (the API is down or the base URL is wrong), not a bug.
            if e.kind == .notSent { throw ExitCode(Self.resumable) }
            throw ExitCode(internalError)
        } catch let e as MigrationError {
            logger.error("\(e)")
            throw ExitCode(usage)
        } catch let e as CleanupError {
            logger.error("\(e)")
            throw ExitCode(usage)
        } catch let e as ExportError {
            logger.error("\(e)")
            switch e {
            case .destination: throw ExitCode(cannotCreate)
            case .malformed, .manifest: throw ExitCode(dataError)
            case .output: throw ExitCode(ioError)
            }
        } catch let e as JournalError {
            logger.error("\(e)")
            throw ExitCode(e.kind == .damaged ? ioError : Self.resumable)
        }
    }

    /// The exit code for a file-level reader error.
    static func code(for error: ReaderError) -> Int32 {
        switch error.kind {
        case .unreadable: noInput
        case .unwritable: ioError
        case .undetectedDialect, .dialectMismatch, .invalidMapping, .missingColumn: usage
        case .unsafeXML, .noHeader, .tooLong: dataError
        default: internalError
        }
    }

    /// Severity order when several files fail differently: internal > missing input > usage > data.
    static func worst(_ codes: [Int32]) -> Int32 {
        let order: [Int32] = [internalError, ioError, noPermission, noInput, usage, dataError, success]
        return order.first(where: codes.contains) ?? success
    }
}

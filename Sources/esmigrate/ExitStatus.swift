import ArgumentParser
import ESReaders

/// The one place where failures become exit codes (sysexits-style, as documented in README).
enum ExitStatus {
    static let success: Int32 = 0
    static let internalError: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66

    /// The exit code for a file-level reader error.
    static func code(for error: ReaderError) -> Int32 {
        switch error.kind {
        case .unreadable: noInput
        case .undetectedDialect, .dialectMismatch, .invalidMapping, .missingColumn: usage
        case .unsafeXML, .noHeader: dataError
        default: internalError
        }
    }

    /// Severity order when several files fail differently: internal > missing input > usage > data.
    static func worst(_ codes: [Int32]) -> Int32 {
        let order: [Int32] = [internalError, noInput, usage, dataError, success]
        return order.first(where: codes.contains) ?? success
    }
}

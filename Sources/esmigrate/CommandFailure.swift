import ArgumentParser

/// A command that ends without success for a reason the command itself decided (a plan with changes
/// pending, rejected rows, work left to resume, a signal), rather than a library error.
///
/// Commands throw this instead of an `ExitCode`, so that ``ExitStatus/code(for:)`` stays the one place where
/// outcomes become exit codes.
struct CommandFailure: Error, CustomStringConvertible {
    /// Why the command did not succeed; each kind has one exit code in ``ExitStatus``.
    struct Kind: Hashable, Sendable {
        let rawValue: String
        /// `plan` or a dry run found writes to make (exit 2).
        static let changesPending = Kind(rawValue: "changes_pending")
        /// Some rows were rejected, writes failed, names were not found or a backup does not verify (exit 65).
        static let rejected = Kind(rawValue: "rejected")
        /// An input file or folder does not exist or cannot be read (exit 66).
        static let missingInput = Kind(rawValue: "missing_input")
        /// Work remains that running the same command again resumes (exit 75).
        static let workRemaining = Kind(rawValue: "work_remaining")
        /// Stopped by SIGINT (exit 130).
        static let interrupted = Kind(rawValue: "interrupted")
        /// Stopped by SIGTERM (exit 143).
        static let terminated = Kind(rawValue: "terminated")
        /// A failure that already printed its errors (``CommandFailure/causes``); the worst of theirs is the code.
        static let reported = Kind(rawValue: "reported")
        /// A bug: something the code promises did not hold (exit 1).
        static let internalError = Kind(rawValue: "internal_error")
    }

    var kind: Kind
    /// What to print on stderr; `nil` when the command has printed its own account already.
    var message: String?
    /// Errors already printed that also decide the exit code (the worst code wins).
    var causes: [any Error]

    init(_ kind: Kind, _ message: String? = nil, causes: [any Error] = []) {
        self.kind = kind
        self.message = message
        self.causes = causes
    }

    /// The failure for a run stopped by a signal, from its conventional code (130 or 143).
    static func stopped(code: Int32, _ message: String) -> CommandFailure {
        CommandFailure(code == ExitCode.terminated.rawValue ? .terminated : .interrupted, message)
    }

    var description: String { message ?? kind.rawValue }
}

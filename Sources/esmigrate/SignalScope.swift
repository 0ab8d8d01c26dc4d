import ArgumentParser
import ESAPI
import Logging
import UnixSignals

/// Runs a command's work while SIGINT and SIGTERM are watched: the one place the CLI races its work against a
/// signal (journaled writes and exports differ only in what a signal does).
enum SignalScope {
    /// What a signal does to the work.
    enum Effect: Equatable {
        /// Requests `stop`: the work finishes its requests in flight, journals them and returns.
        case requestStop
        /// Requests `stop` and cancels the work (an export then removes its unfinished files).
        case cancel
    }

    /// Runs `body`; a signal requests `stop` with 130 (SIGINT) or 143 (SIGTERM), logs `message`, and, with
    /// ``Effect/cancel``, cancels `body` and returns `nil`.
    ///
    /// - Returns: what `body` returned, or `nil` when a signal cancelled it.
    static func run<T: Sendable>(_ effect: Effect, stop: StopSignal, logger: Logger, message: String,
                                 _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                    stop.request(exitCode: (signal == .sigterm ? ExitCode.terminated : .interrupted).rawValue)
                    logger.notice("\(signal) received: \(message)")
                    if effect == .cancel { return nil }
                }
                return nil
            }
            group.addTask { try await body() }
            do {
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()          // ends the signal watcher
                        return value
                    }
                    if stop.isRequested {          // the watcher ended on a signal: cancel the work
                        group.cancelAll()
                        return nil
                    }
                }
                return nil
            } catch {
                group.cancelAll()
                // A cancelled body's error is only the echo of the signal that cancelled it.
                if effect == .cancel, stop.isRequested || error is CancellationError { return nil }
                throw error
            }
        }
    }
}

import Logging
import Synchronization

/// A log handler that keeps the messages, to check what a user would see at a given level.
final class LogRecorder: Sendable {
    private let storage = Mutex<[String]>([])

    var messages: [String] { storage.withLock { $0 } }

    func append(_ message: String) { storage.withLock { $0.append(message) } }
}

extension LogRecorder {
    /// The handler writing into this recorder.
    struct Handler: LogHandler {
        let recorder: LogRecorder
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append("\(event.message)")
        }
    }
}

public import Logging
import Synchronization

/// A log handler that keeps the messages, to check what a user would see at a given level.
package final class LogRecorder: Sendable {
    public init() {}

    private let storage = Mutex<[String]>([])

    public var messages: [String] { storage.withLock { $0 } }

    public func append(_ message: String) { storage.withLock { $0.append(message) } }
}

extension LogRecorder {
    /// The handler writing into this recorder.
    package struct Handler: LogHandler {
        public let recorder: LogRecorder
        public var logLevel: Logger.Level = .trace
        public var metadata: Logger.Metadata = [:]

        public init(recorder: LogRecorder) { self.recorder = recorder }

        public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        public func log(event: LogEvent) {
            recorder.append("\(event.message)")
        }
    }
}

public import Foundation
import Synchronization

/// Reads a child's output as it comes (fed from a pipe's readability handler, on Foundation's reader thread)
/// until `extract` finds what a test waits for in the text so far, and resumes whoever awaits it: an event,
/// not a poll. The end of the output without a match gives `nil`.
package final class OutputWatch: Sendable {
    private let extract: @Sendable (String) -> String?
    private let state = Mutex<(text: String, found: String?, done: Bool, waiter: CheckedContinuation<String?, Never>?)>(
        ("", nil, false, nil))

    /// A watch for what `extract` finds in the output read so far.
    public init(extract: @escaping @Sendable (String) -> String?) {
        self.extract = extract
    }

    /// Reads `pipe` from now on (keep reading after the match, so the child never blocks on a full pipe).
    public func attach(to pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            feed(data)
        }
    }

    /// Adds output (empty: the end of it).
    public func feed(_ data: Data) {
        let resume = state.withLock { s -> (CheckedContinuation<String?, Never>, String?)? in
            guard !s.done else { return nil }
            if data.isEmpty {
                s.done = true
            } else {
                s.text += String(decoding: data, as: UTF8.self)
                if let found = extract(s.text) {
                    s.found = found
                    s.done = true
                }
            }
            guard s.done, let waiter = s.waiter else { return nil }
            s.waiter = nil
            return (waiter, s.found)
        }
        if let (waiter, found) = resume { waiter.resume(returning: found) }
    }

    /// What `extract` found, or `nil` if the output ended first.
    public func value() async -> String? {
        await withCheckedContinuation { (c: CheckedContinuation<String?, Never>) in
            let ready = state.withLock { s -> String?? in
                if s.done { return .some(s.found) }
                s.waiter = c
                return .none
            }
            if let ready { c.resume(returning: ready) }
        }
    }
}

import ESAPI
import Foundation
import Synchronization

/// A clock whose sleeps return at once and move its time forward: retry and pause schedules are checked
/// exactly, in no real time.
final class ImmediateClock: Clock, Sendable {
    typealias Instant = ManualClock.Instant
    private let state = Mutex(Instant(offset: .zero))
    var now: Instant { state.withLock { $0 } }
    var minimumResolution: Duration { .zero }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { if deadline > $0 { $0 = deadline } }
    }
}

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport, Sendable {
    enum Step: Sendable {
        case respond(Int, String, [Header] = [])
        case fail(TransportError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPRequest])>

    init(_ steps: [Step]) {
        state = Mutex((steps, []))
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let step = state.withLock { s -> Step? in
            s.requests.append(request)
            return s.steps.isEmpty ? nil : s.steps.removeFirst()
        }
        switch step {
        case .respond(let status, let body, let headers)?:
            return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
        case .fail(let error)?:
            throw error
        case nil:
            throw TransportError(mayHaveBeenSent: false, message: "script exhausted")
        }
    }
}

enum Bodies {
    static func ok(_ result: String, info: String? = nil) -> String {
        var s = #"{"success":true,"errors":[],"messages":[],"result":"# + result
        if let info { s += #","result_info":"# + info }
        return s + "}"
    }
    static func error(_ code: Int, _ message: String) -> String {
        #"{"success":false,"errors":[{"code":\#(code),"message":"\#(message)"}],"messages":[],"result":null}"#
    }
    static func block(_ id: String, _ pattern: String) -> String {
        #"{"id":"\#(id)","pattern":"\#(pattern)","pattern_type":"EMAIL","is_regex":false,"comments":null,"created_at":"2026-01-01T00:00:00Z","last_modified":"2026-01-01T00:00:00Z","modified_at":"2026-01-01T00:00:00Z"}"#
    }
}

public import ESAPI
import Synchronization

/// A transport that answers from a script and records what it was sent.
package final class ScriptedTransport: HTTPTransport, Sendable {
    /// One answer: a response, or a transport failure.
    package enum Step: Sendable {
        case respond(Int, String, [Header] = [])
        case fail(TransportError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPRequest])>

    public init(_ steps: [Step]) {
        state = Mutex((steps, []))
    }

    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
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

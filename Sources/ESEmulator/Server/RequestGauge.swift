import Synchronization

/// The emulator's own counts of what it was asked: requests, batch requests, how many batch requests were in
/// flight at once (the figure that shows a client pipelines), and the answers per endpoint (`POST
/// allow_policies/batch` → `{"200": 3}`), so tests count on the server side. Served at `GET /_emulator/stats`.
final class RequestGauge: Sendable {
    struct Counts: Sendable {
        var requests = 0
        var batchRequests = 0
        var batchesInFlight = 0
        var peakBatchesInFlight = 0
        /// `METHOD collection[/batch|/{id}]` → HTTP status → answers.
        var endpoints: [String: [Int: Int]] = [:]
    }

    private let counts = Mutex(Counts())

    /// Counts a request for the time `body` runs.
    func measure<T>(batch: Bool, _ body: () async throws -> T) async rethrows -> T {
        counts.withLock {
            $0.requests += 1
            if batch {
                $0.batchRequests += 1
                $0.batchesInFlight += 1
                $0.peakBatchesInFlight = max($0.peakBatchesInFlight, $0.batchesInFlight)
            }
        }
        defer { if batch { counts.withLock { $0.batchesInFlight -= 1 } } }
        return try await body()
    }

    /// Counts one answer of `endpoint` with `status`.
    func record(endpoint: String, status: Int) {
        counts.withLock { $0.endpoints[endpoint, default: [:]][status, default: 0] += 1 }
    }

    var snapshot: Counts { counts.withLock { $0 } }
}

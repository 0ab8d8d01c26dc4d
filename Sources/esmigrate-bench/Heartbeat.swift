import AsyncHTTPClient
import ESAPI
import ESEmulator
import ESMigration
import ESReaders
import Foundation
import Logging
import Synchronization

/// `esmigrate-bench heartbeat INPUT ACCOUNTS DIR`: plans INPUT against ACCOUNTS accounts of an in-process
/// emulator, all at once (a fleet dry run), while a heartbeat task on the cooperative pool ticks every 5 ms;
/// prints one JSON line with the worst delay of a tick. Blocking work on the pool (reading the input, SQLite)
/// shows as a delay as long as that work; off the pool, ticks stay on time. Its own process, so no other
/// work shares the pool it measures.
enum Heartbeat {
    static func run(input: String, accounts: Int, directory: String) async throws {
        let logger = {
            var logger = Logger(label: "esmigrate.bench.heartbeat")
            logger.logLevel = .critical
            return logger
        }()
        let config = EmulatorConfiguration(databasePath: directory + "/emulator.sqlite",
                                           credentials: [EmulatorCredential(.token("made-up-heartbeat-token"))])
        let beats = Beats()
        let started = ContinuousClock.now
        let outcomes = try await Emulator.withRunning(config, logger: logger) { baseURL in
            let api = try APIConfiguration(baseURL: baseURL, accountID: "a0", credentials: .apiToken("made-up-heartbeat-token"),
                                           budget: RateBudget(limit: 1000, window: .seconds(1), burst: 100))
            let client = EmailSecurityClient(configuration: api, transport: AsyncHTTPClientTransport(client: HTTPClient.shared),
                                             clock: ContinuousClock(), logger: logger)
            var template = MigrationRun<ContinuousClock>(source: .files([input], ReadOptions()), mode: .create,
                                                         logger: logger)
            template.journalDirectory = directory
            template.approve = { _ in .hold(.dryRun) }
            let fleet = FleetRun(template: template, accounts: (0..<accounts).map { "a\($0)" }, parallel: accounts)
            return try await withThrowingTaskGroup(of: [FleetRun<ContinuousClock>.Outcome]?.self) { group in
                group.addTask {
                    let clock = ContinuousClock()
                    while !Task.isCancelled {
                        let before = clock.now
                        try? await Task.sleep(for: .milliseconds(5))
                        let late = clock.now - before - .milliseconds(5)
                        beats.record(late)
                    }
                    return nil
                }
                group.addTask { await fleet.run(client: client) }
                while let next = try await group.next() {
                    if let outcomes = next {
                        group.cancelAll()
                        return outcomes
                    }
                }
                return []
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        let creates = outcomes.map { $0.outcome?.plan?.count(.create) ?? -1 }
        let errors = outcomes.compactMap { $0.error.map { "\($0)" } }
        let json: [String: Any] = [
            "accounts": accounts, "creates": creates, "errors": errors, "seconds": seconds,
            "ticks": beats.state.withLock { $0.ticks }, "worst_late_ms": beats.state.withLock { $0.worst.seconds * 1000 },
        ]
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// The heartbeat's ticks and its worst delay.
final class Beats: Sendable {
    let state = Mutex((ticks: 0, worst: Duration.zero))

    func record(_ late: Duration) {
        state.withLock {
            $0.ticks += 1
            $0.worst = max($0.worst, late)
        }
    }
}

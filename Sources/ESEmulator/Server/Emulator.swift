import ESRecords
import Foundation
import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore

/// The local Cloudflare Email Security settings API: `esmigrate serve`, the demo's backend and the tests'.
public struct Emulator: Sendable {
    public let configuration: EmulatorConfiguration
    let routes: EmulatorRoutes

    /// Opens (or creates) the emulator's SQLite store and sets up its routes; ``run(logger:onRunning:)`` serves them.
    public init(configuration: EmulatorConfiguration, logger: Logger) throws {
        self.configuration = configuration
        let store = try EmulatorStore(path: configuration.databasePath)
        let service = EmulatorService(store: store, generation: configuration.generation,
                                      validation: RecordValidator.Policy(), ids: IDGenerator(seed: configuration.seed),
                                      now: configuration.now)
        routes = EmulatorRoutes(service: service, configuration: configuration,
                                limiter: configuration.rate.map { ServerRateLimiter(rate: $0, lockout: configuration.lockout, clock: ContinuousClock()) },
                                faults: FaultInjector(plan: configuration.faults, seed: configuration.seed),
                                logger: logger, bodies: BodyBudget(limit: configuration.limits.maxBodyBytesInFlight))
    }

    /// Serves until the task is cancelled; `onRunning` receives the bound port (useful with port 0).
    public func run(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = makeRouter()
        let limits = configuration.limits
        let connections = ConnectionCounter(limit: limits.maxConnections)
        let server = HTTPServerBuilder { responder in
            GuardedHTTP1Channel(
                inner: HTTP1Channel(responder: responder,
                                    configuration: .init(additionalChannelHandlers: [RequestPhaseHandler(logger: logger)])),
                limits: limits, connections: connections, logger: logger)
        }
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "esmigrate-emulator"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }

    /// The routes of the 31 endpoints and the stats page, as a Hummingbird router (the tests drive it
    /// in-process with HummingbirdTesting).
    func makeRouter() -> Router<EmulatorContext> {
        let router = Router(context: EmulatorContext.self)
        routes.register(on: router)
        return router
    }

    /// Runs the emulator on a free port for the duration of `body`, then stops it (structured: the server
    /// is a child task that is cancelled when `body` returns).
    public static func withRunning<T: Sendable>(
        _ configuration: EmulatorConfiguration, logger: Logger,
        _ body: @Sendable (_ baseURL: String) async throws -> T
    ) async throws -> T {
        var config = configuration
        config.port = 0
        // An in-process emulator is a fixture, not a service: its shutdown (a cancelled child task) is not news.
        var quiet = logger
        quiet.logLevel = .critical
        let emulator = try Emulator(configuration: config, logger: quiet)
        let serverLogger = quiet
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // Not the CLI's SignalScope: this races a server's lifetime against a body, not work against a signal,
        // and the emulator depends on nothing of the client or the command line.
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await emulator.run(logger: serverLogger) { port in continuation.yield(port) }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result = try await body("http://\(config.host):\(port)/client/v4")
            group.cancelAll()
            while let next = try await group.next() { if let next { return next } }
            return result
        }
    }
}

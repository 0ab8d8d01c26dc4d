import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with the emulator's guards around it: the connection cap, and the
/// header, body and idle timeouts (``ConnectionTimeoutHandler``, ``RequestPhaseHandler``).
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let limits: ServerLimits
    let connections: ConnectionCounter
    let logger: Logger

    func setup(channel: any Channel, logger _: Logger) -> EventLoopFuture<Value> {
        // Over the cap: answered 503 once active, and the HTTP handlers behind never see a byte. Otherwise
        // the slot is held until the connection closes, under the timeouts.
        let guardHandler: any ChannelHandler
        if connections.acquire() {
            let connections = self.connections
            channel.closeFuture.whenComplete { _ in connections.release() }
            guardHandler = ConnectionTimeoutHandler(limits: limits, logger: logger)
        } else {
            logger.warning("refused a connection: \(connections.limit) are open (the connection cap)",
                           metadata: ["peer": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
            guardHandler = RefuseConnectionHandler(limit: connections.limit)
        }
        do {
            try channel.pipeline.syncOperations.addHandler(guardHandler, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

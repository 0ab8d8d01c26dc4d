import Logging
import NIOCore

/// The header, body and idle timeouts of one connection, at the front of the pipeline (raw bytes).
///
/// Idle (no request under way, including a new connection that has sent nothing): closed after the idle
/// timeout. Header: from a request's first byte to the end of its headers. Body: from there to its end.
///
/// It sees the first byte of each request itself and learns the rest of the cycle from
/// ``RequestPhaseHandler`` (``RequestPhase`` events). A request that does not finish its head or body in
/// time is answered 408 with an envelope and the connection closed; an idle kept-alive connection is closed.
final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum State { case waiting(first: Bool), readingHead, readingBody, responding }

    private let limits: ServerLimits
    private let logger: Logger
    private var state = State.waiting(first: true)
    private var timer: Scheduled<Void>?

    init(limits: ServerLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    // A connection that sends nothing is idle; the header clock starts at a request's first byte, as this
    // handler sees it, so a busy server never times out a request whose bytes it has not yet read.
    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, limits.idleTimeout, .waiting(first: true)) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, limits.idleTimeout, .waiting(first: true))
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .waiting = state { arm(context, limits.headerTimeout, .readingHead) }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let phase = event as? RequestPhase else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch phase {
        case .headReceived: arm(context, limits.bodyTimeout, .readingBody)
        case .requestEnded:
            disarm()
            state = .responding
        case .responseEnded: arm(context, limits.idleTimeout, .waiting(first: false))
        }
        promise?.succeed(())
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: Duration, _ newState: State) {
        disarm()
        state = newState
        let nanos = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        // On the channel's event loop, like every other call of this handler.
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanos)) {
            self.expired(context, after: timeout)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func expired(_ context: ChannelHandlerContext, after timeout: Duration) {
        timer = nil
        let peer = context.channel.remoteAddress.map { "\($0)" } ?? "?"
        switch state {
        case .waiting(let first) where first:
            logger.notice("closed a connection that sent nothing", metadata: ["peer": "\(peer)", "after": "\(timeout)"])
        case .waiting:
            logger.debug("closed an idle connection", metadata: ["peer": "\(peer)", "after": "\(timeout)"])
        case .readingHead:
            logger.notice("refused a request whose header did not arrive in time", metadata: ["peer": "\(peer)", "after": "\(timeout)"])
            answer408(context, "the request header did not arrive within \(timeout)")
        case .readingBody:
            logger.notice("refused a request whose body did not arrive in time", metadata: ["peer": "\(peer)", "after": "\(timeout)"])
            answer408(context, "the request body did not arrive within \(timeout)")
        case .responding:
            return
        }
        context.close(promise: nil)
    }

    private func answer408(_ context: ChannelHandlerContext, _ message: String) {
        let bytes = RawResponse.envelope(status: 408, reason: "Request Timeout",
                                         EmulatorError(status: 408, code: 10408, message: message))
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(bytes: bytes))), promise: nil)
    }
}

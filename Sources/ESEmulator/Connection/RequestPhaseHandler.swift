import Logging
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Sits after the HTTP decoder: reports each request's phases to ``ConnectionTimeoutHandler``, and answers a
/// request whose head cannot be parsed (an unsupported `Transfer-Encoding`, a malformed header) with the
/// contract's 400 envelope instead of Hummingbird's empty 400.
///
/// A parse error after the head (a bad chunk size) is passed on: the route reading the body answers it.
final class RequestPhaseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var inRequest = false
    private var closeAfterResponse = false
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inRequest = true
            context.triggerUserOutboundEvent(RequestPhase.headReceived, promise: nil)
        case .end:
            context.triggerUserOutboundEvent(RequestPhase.requestEnded, promise: nil)
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            // Hummingbird keeps a connection open whatever the response says; a response that gives up on the
            // request's framing (413, a body cut short) must close it, or the server waits for the rest.
            closeAfterResponse = head.headerFields[.connection]?.lowercased() == "close"
            context.write(data, promise: promise)
        case .end:
            inRequest = false
            if closeAfterResponse {
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.cascade(to: promise)
                context.writeAndFlush(data, promise: written)
                let channel = context.channel
                written.futureResult.whenComplete { _ in channel.close(promise: nil) }
                return
            }
            context.write(data, promise: promise)
            context.triggerUserOutboundEvent(RequestPhase.responseEnded, promise: nil)
        case .body:
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !inRequest, error is HTTPParserError, context.channel.isActive else {
            context.fireErrorCaught(error)
            return
        }
        logger.notice("refused a request that is not valid HTTP/1.1", metadata: ["error": "\(error)"])
        let refusal = EmulatorError.badRequest(
            "the request is not valid HTTP/1.1 (\(error)); unsupported Transfer-Encoding or a malformed header", code: 10400)
        let body = ByteBuffer(string: JSONAny.encode(refusal.envelope))
        let head = HTTPResponse(status: .badRequest, headerFields: [
            .contentType: "application/json", .contentLength: String(body.readableBytes), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }
}

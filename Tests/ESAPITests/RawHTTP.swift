import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP client for requests no HTTP client would send: overflowing numbers, bodies cut short, bad
/// chunk sizes, slow headers.
enum RawHTTP {
    struct TimedOut: Error {}

    /// Sends `bytes`, optionally half-closes, and returns all the server sent until it closed the connection.
    /// `limit` bounds a server that never closes (a failure of the test, not a wait): the event loop closes
    /// the connection at the deadline and the exchange throws ``TimedOut``.
    static func exchange(port: Int, _ bytes: [UInt8], halfClose: Bool = false,
                         limit: Duration = .seconds(30)) async throws -> String {
        let channel = try await open(port: port)
        let timedOut = Atomic(false)
        let deadline = channel.channel.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            timedOut.store(true, ordering: .relaxed)
            channel.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        let text = try await channel.executeThenClose { inbound, outbound in
            if !bytes.isEmpty { try await outbound.write(ByteBuffer(bytes: bytes)) }
            if halfClose { outbound.finish() }
            var received = ByteBuffer()
            do {
                for try await var chunk in inbound { received.writeBuffer(&chunk) }
            } catch let error as IOError where error.errnoCode == ECONNRESET {
                // A server that closes with unread input resets: what it sent before still counts.
            } catch where timedOut.load(ordering: .relaxed) {
                // Our own close at the deadline.
            }
            return String(buffer: received)
        }
        if timedOut.load(ordering: .relaxed) { throw TimedOut() }
        return text
    }

    /// A connected channel, for tests that hold connections open.
    static func open(port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
    }

    /// The status code of the first response in `text`.
    static func status(_ text: String) -> Int? {
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    /// Whether the response carries the contract's error envelope.
    static func isErrorEnvelope(_ text: String) -> Bool {
        text.contains(#""success":false"#) && text.contains(#""errors":[{"code":"#)
    }
}

import AsyncHTTPClient
@testable import ESAPI
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The transport classifies a failure once, from the error's type, into a kind the client speaks of (and whether
/// the request may have been sent); nothing downstream reads error text.
@Suite("Transport failures are classified by type")
struct TransportClassificationTests {
    @Test("AsyncHTTPClient's and NIO's errors map to kinds, and to whether the request may have left", arguments: [
        (HTTPClientError.connectTimeout as any Error, TransportError.Kind.connectTimeout, false),
        (HTTPClientError.deadlineExceeded, .timedOut, true),
        (HTTPClientError.readTimeout, .timedOut, true),
        (HTTPClientError.remoteConnectionClosed, .connectionClosed, true),
        (IOError(errnoCode: ECONNREFUSED, reason: "connect"), .connectionRefused, false),
        (IOError(errnoCode: ECONNRESET, reason: "read"), .connectionReset, true),
        (ChannelError.connectTimeout(.seconds(10)), .connectTimeout, false),
        (ChannelError.eof, .connectionClosed, true),
        (HTTPClientError.tlsHandshakeTimeout, .network, false),
    ])
    func classified(error: any Error, kind: TransportError.Kind, maySend: Bool) {
        let found = AsyncHTTPClientTransport.kind(of: error)
        #expect(found == kind, "\(error)")
        #expect(!AsyncHTTPClientTransport.certainlyNotSent(error, kind: found) == maySend, "\(error)")
    }

    @Test("Each named kind has its words for messages")
    func words() {
        let kinds: [TransportError.Kind] = [.connectionRefused, .hostNotFound, .connectTimeout, .timedOut,
                                            .connectionReset, .connectionClosed]
        #expect(kinds.map(\.words) == ["connection refused", "host name not found", "connecting timed out", "timed out",
                                       "connection reset", "connection closed"])
        #expect(TransportError.Kind.network.words == nil)
    }
}

import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the connection, which fault injection may close.
struct EmulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Batches of 4 × 1000 items are larger than Hummingbird's 2 MB default.
    var maxUploadSize: Int { ServerLimits.maxBodyBytes }
}

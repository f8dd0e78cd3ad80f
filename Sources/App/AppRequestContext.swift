import Core
import Hummingbird
import Logging
import NIOCore
import WebAPI

/// The request context of every route: Hummingbird's core storage plus the caller's identity, the request id
/// and the client's address.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity = .anonymous
    /// The bearer token as sent, kept so logout can revoke exactly it.
    public var bearerToken: String?
    public var requestID: String = ""
    /// The client's IP address: the peer's, or the one a trusted proxy forwarded. Keys the sign-in throttle.
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

import Core

/// Who is calling, as the authentication middleware found it.
public enum Identity: Sendable, Equatable {
    case anonymous
    /// A token was sent but is unknown, expired or revoked.
    case invalidToken
    case caller(Caller)
}

/// What the handlers need to know of the HTTP request they serve, which the generated protocol does not pass
/// them: set by the application's last middleware for the duration of each request.
public struct RequestIdentity: Sendable {
    public var identity: Identity
    /// The bearer token as sent, kept so logout can revoke exactly it.
    public var bearerToken: String?
    /// The client's IP address: the peer's, or the one a trusted proxy forwarded. Keys the sign-in throttle.
    public var clientAddress: String

    public init(identity: Identity, bearerToken: String?, clientAddress: String) {
        self.identity = identity
        self.bearerToken = bearerToken
        self.clientAddress = clientAddress
    }

    @TaskLocal public static var current: RequestIdentity?
}

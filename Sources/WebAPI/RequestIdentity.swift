import Core

/// Who is calling, as the authentication middleware found it.
public enum Identity: Sendable, Equatable {
    case anonymous
    /// A token was sent but is unknown, expired or revoked.
    case invalidToken
    case caller(Caller)
}

extension Problem {
    /// The 401 for a request without a valid token, saying which it lacked.
    public static func signInRequired(_ identity: Identity) -> Problem {
        identity == .invalidToken
            ? .unauthenticated("the bearer token is unknown, expired or revoked; sign in again")
            : .unauthenticated("this operation needs a bearer token from POST /v1/auth/login")
    }
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

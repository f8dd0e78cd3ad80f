import Database
import Foundation

/// How "forgot my password" is limited and how long its answer takes.
///
/// Requests are counted per e-mail address typed (whether an account has it or not, so a refusal tells nothing) and
/// per client network (an IPv6 client by its /64), in the database so every server process counts together. The
/// answer is the same 202 whether or not an account has the address, and takes at least `answerTakes` either way:
/// the work for a known address (a link, a message, an audit event) is padded to that, so timing tells nothing
/// either.
public struct PasswordResetPolicy: Sendable, Equatable {
    public var perEmail = RateLimiter.Rule(bucket: "password-reset-email", requests: 5, window: .seconds(3600))
    /// A court's staff may share one address behind NAT: generous, but enough to stop walking through addresses.
    public var perNetwork = RateLimiter.Rule(bucket: "password-reset-network", requests: 30, window: .seconds(3600))
    public var answerTakes: Duration = .milliseconds(500)

    public init() {}
}

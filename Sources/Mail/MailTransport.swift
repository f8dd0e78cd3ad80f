import Foundation

/// Something that delivers a message: an SMTP server, or a folder of `.eml` files when none is configured.
public protocol MailTransport: Sendable {
    /// Delivers `message`, or throws `MailDeliveryError` saying whether trying again later may help.
    func send(_ message: MailMessage) async throws(MailDeliveryError)
}

/// Why a message was not delivered: temporarily (a 4xx reply, a refused connection, a time-out — try again
/// later) or permanently (a 5xx reply — trying again will not help). `reply` is what the server said, or what
/// went wrong, for the outbox to keep.
public enum MailDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    case temporary(reply: String)
    case permanent(reply: String)

    public var reply: String {
        switch self {
        case .temporary(let reply), .permanent(let reply): reply
        }
    }

    public var description: String {
        switch self {
        case .temporary(let reply): "temporary failure: \(reply)"
        case .permanent(let reply): "permanent failure: \(reply)"
        }
    }
}

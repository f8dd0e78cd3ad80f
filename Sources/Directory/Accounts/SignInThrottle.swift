import Foundation

/// When repeated failed sign-ins lock an e-mail address or a client address for a while.
///
/// Counting by the e-mail typed, whether or not an account has it, means a lock says nothing about which
/// accounts exist. A success clears the e-mail's count; the client address's count only ages out, so an
/// attacker cannot reset it by signing in to an account of their own.
public struct SignInThrottle: Sendable, Equatable {
    public var maximumFailuresPerEmail = 5
    public var maximumFailuresPerAddress = 20
    /// Failures older than this are forgotten; a lock lasts this long after the last failure.
    public var window: Duration = .seconds(15 * 60)

    public init() {}

    /// Failed attempts within the window and when the latest one happened.
    public struct Failures: Sendable, Equatable {
        public var count: Int
        public var latest: Date?

        public init(count: Int, latest: Date?) {
            self.count = count
            self.latest = latest
        }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case locked(until: Date, reason: String)
    }

    /// The earliest moment a failure still counts.
    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window.timeInterval) }

    public func decide(email: Failures, address: Failures) -> Decision {
        if email.count >= maximumFailuresPerEmail, let latest = email.latest {
            return .locked(
                until: latest.addingTimeInterval(window.timeInterval),
                reason: "too many failed sign-ins for this e-mail address"
            )
        }
        if address.count >= maximumFailuresPerAddress, let latest = address.latest {
            return .locked(
                until: latest.addingTimeInterval(window.timeInterval),
                reason: "too many failed sign-ins from this network address"
            )
        }
        return .allowed
    }
}

extension Duration {
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

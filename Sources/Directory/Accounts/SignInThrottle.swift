import Foundation

/// When repeated failed sign-ins lock an e-mail address or a client address for a while.
///
/// Counting by the e-mail typed, whether or not an account has it, means a lock says nothing about which
/// accounts exist. A success clears the e-mail's count; the client address's count only ages out, so an
/// attacker cannot reset it by signing in to an account of their own. A lock lasts until enough failures
/// have aged out of the window to bring the count under the limit.
public struct SignInThrottle: Sendable, Equatable {
    public var maximumFailuresPerEmail = 5
    public var maximumFailuresPerAddress = 20
    /// Failures older than this are forgotten.
    public var window: Duration = .seconds(15 * 60)

    public init() {}

    /// Failed attempts within the window: how many, and when the most recent ones happened (newest first;
    /// at least as many as the limit, when there are that many).
    public struct Failures: Sendable, Equatable {
        public var count: Int
        public var newestFirst: [Date]

        public init(count: Int, newestFirst: [Date]) {
            self.count = count
            self.newestFirst = newestFirst
        }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case locked(until: Date, reason: String)
    }

    /// The earliest moment a failure still counts.
    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window.timeInterval) }

    public func decide(email: Failures, address: Failures) -> Decision {
        if let until = lockedUntil(email, limit: maximumFailuresPerEmail) {
            return .locked(until: until, reason: "too many failed sign-ins for this e-mail address")
        }
        if let until = lockedUntil(address, limit: maximumFailuresPerAddress) {
            return .locked(until: until, reason: "too many failed sign-ins from this network address")
        }
        return .allowed
    }

    /// Locked until the limit-th newest failure leaves the window: from then on fewer than `limit` count.
    private func lockedUntil(_ failures: Failures, limit: Int) -> Date? {
        guard failures.count >= limit, failures.newestFirst.count >= limit else { return nil }
        return failures.newestFirst[limit - 1].addingTimeInterval(window.timeInterval)
    }
}

extension Duration {
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

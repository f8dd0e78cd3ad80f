import Foundation

/// When repeated failed sign-ins lock an e-mail address, and how much they slow down a client address.
///
/// Counting by the e-mail typed, whether or not an account has it, means a lock says nothing about which
/// accounts exist. A success clears the e-mail's count. A client address is never locked — a court's staff often
/// share one behind NAT, and one person guessing must not lock everyone out — but each attempt from an address
/// with many recent failures waits first, longer the more there are, so guessing across accounts gets slow while
/// the right password still gets in. The address's count only ages out, so an attacker cannot reset it by signing
/// in to an account of their own. A lock lasts until enough failures have aged out of the window.
public struct SignInThrottle: Sendable, Equatable {
    public var maximumFailuresPerEmail = 5
    /// Failures from one address before its attempts are slowed.
    public var addressFailuresBeforeSlowing = 10
    /// The first wait, doubled with each further failure, up to `longestAddressDelay`.
    public var firstAddressDelay: Duration = .milliseconds(250)
    public var longestAddressDelay: Duration = .seconds(8)
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
        /// Go ahead, after waiting this long (zero for most).
        case allowed(after: Duration)
        case locked(until: Date, reason: String)

        public static let allowed = Decision.allowed(after: .zero)
    }

    /// The earliest moment a failure still counts.
    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window.timeInterval) }

    public func decide(email: Failures, address: Failures) -> Decision {
        if let until = lockedUntil(email, limit: maximumFailuresPerEmail) {
            return .locked(until: until, reason: "too many failed sign-ins for this e-mail address")
        }
        return .allowed(after: delay(afterAddressFailures: address.count))
    }

    /// The wait before an attempt from an address with `failures` recent failures.
    public func delay(afterAddressFailures failures: Int) -> Duration {
        guard failures >= addressFailuresBeforeSlowing else { return .zero }
        let doublings = min(failures - addressFailuresBeforeSlowing, 20)
        return min(firstAddressDelay * (1 << doublings), longestAddressDelay)
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

import Core
import Directory
import Foundation
import Testing

@Suite struct SignInThrottleTests {
    let throttle = SignInThrottle()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// `count` failures, one a minute, the newest `minutesAgo` minutes before `now`.
    func failures(_ count: Int, newestMinutesAgo minutesAgo: Double = 0) -> SignInThrottle.Failures {
        .init(count: count, newestFirst: (0..<count).map { now.addingTimeInterval(-(minutesAgo + Double($0)) * 60) })
    }

    @Test func allowsFewerFailuresThanTheLimit() {
        let decision = throttle.decide(email: failures(throttle.maximumFailuresPerEmail - 1), address: failures(0))
        #expect(decision == .allowed)
    }

    @Test func locksAnEmailUntilEnoughFailuresAgeOut() {
        // Failures at now, now-1min, …, now-5min: six of them. Five must remain to stay locked, so the lock
        // ends when the fifth newest (now-4min) leaves the fifteen-minute window.
        let decision = throttle.decide(email: failures(6), address: failures(0))
        guard case .locked(let until, let reason) = decision else {
            Issue.record("expected a lock, got \(decision)")
            return
        }
        #expect(until == now.addingTimeInterval(-4 * 60 + 15 * 60))
        #expect(reason.contains("e-mail"))
    }

    @Test func locksAnAddressThatTriesManyAccounts() {
        let decision = throttle.decide(email: failures(1), address: failures(throttle.maximumFailuresPerAddress))
        guard case .locked(_, let reason) = decision else {
            Issue.record("expected a lock, got \(decision)")
            return
        }
        #expect(reason.contains("network address"))
    }

    @Test func theWindowStartsFifteenMinutesBack() {
        #expect(throttle.windowStart(now: now) == now.addingTimeInterval(-900))
    }
}

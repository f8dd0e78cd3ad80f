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

    @Test func anAddressIsNeverLockedButEachFailureBeyondTenSlowsItDown() {
        #expect(throttle.decide(email: failures(1), address: failures(9)) == .allowed(after: .zero))
        #expect(throttle.decide(email: failures(1), address: failures(10)) == .allowed(after: .milliseconds(250)))
        #expect(throttle.decide(email: failures(0), address: failures(12)) == .allowed(after: .seconds(1)))
        #expect(throttle.decide(email: failures(0), address: failures(15)) == .allowed(after: .seconds(8)))
        #expect(throttle.decide(email: failures(0), address: failures(500)) == .allowed(after: .seconds(8)))
        // The e-mail's lock still stands, whatever the address.
        guard case .locked(_, let reason) = throttle.decide(email: failures(5), address: failures(0)) else {
            Issue.record("expected the e-mail to be locked")
            return
        }
        #expect(reason.contains("e-mail"))
    }

    @Test func theWindowStartsFifteenMinutesBack() {
        #expect(throttle.windowStart(now: now) == now.addingTimeInterval(-900))
    }
}

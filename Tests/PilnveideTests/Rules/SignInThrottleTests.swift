import Directory
import Foundation
import Testing

@Suite struct SignInThrottleTests {
    let throttle = SignInThrottle()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func allowsFewerFailuresThanTheLimit() {
        let decision = throttle.decide(
            email: .init(count: throttle.maximumFailuresPerEmail - 1, latest: now),
            address: .init(count: 0, latest: nil)
        )
        #expect(decision == .allowed)
    }

    @Test func locksAnEmailUntilTheWindowAfterItsLastFailure() {
        let decision = throttle.decide(
            email: .init(count: throttle.maximumFailuresPerEmail, latest: now),
            address: .init(count: 0, latest: nil)
        )
        guard case .locked(let until, let reason) = decision else {
            Issue.record("expected a lock, got \(decision)")
            return
        }
        #expect(until == now.addingTimeInterval(15 * 60))
        #expect(reason.contains("e-mail"))
    }

    @Test func locksAnAddressThatTriesManyAccounts() {
        let decision = throttle.decide(
            email: .init(count: 1, latest: now),
            address: .init(count: throttle.maximumFailuresPerAddress, latest: now)
        )
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

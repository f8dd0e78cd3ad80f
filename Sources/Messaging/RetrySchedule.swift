/// When to try a message again after a temporary failure: sooner at first, then less often, and when to give up.
/// A server down for a night still gets its mail in the morning; an address that never answers is failed after
/// about two days, visibly, not retried for ever.
public struct RetrySchedule: Sendable, Equatable {
    /// The wait after the n-th failed attempt (the last one repeats).
    public var waits: [Duration]
    /// Attempts after which a temporary failure counts as permanent.
    public var maximumAttempts: Int

    public init(waits: [Duration], maximumAttempts: Int) {
        precondition(!waits.isEmpty && maximumAttempts > 0)
        self.waits = waits
        self.maximumAttempts = maximumAttempts
    }

    public static let standard = RetrySchedule(
        waits: [.seconds(60), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(21_600)], maximumAttempts: 12
    )

    /// After the `attempt`-th attempt (1 for the first) failed temporarily: how long to wait, or nil to give up.
    public func wait(after attempt: Int) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        return waits[min(max(attempt, 1), waits.count) - 1]
    }
}

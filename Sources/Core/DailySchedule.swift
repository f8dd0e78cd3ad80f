import Foundation

/// A time of day in Riga at which something runs every day (`03:00`), across the clock changes: the next run is
/// the next such wall-clock time; on the spring night an hour that does not exist runs at the first time after it.
public struct DailySchedule: Sendable, Equatable {
    public let hour: Int
    public let minute: Int

    /// `HH:MM`, 00:00–23:59; nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// The first run strictly after `now`.
    public func next(after now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RigaTime.zone
        let wanted = DateComponents(hour: hour, minute: minute, second: 0)
        return calendar.nextDate(after: now, matching: wanted, matchingPolicy: .nextTime, repeatedTimePolicy: .first, direction: .forward)!
    }

    /// Whether a pass last started at `last` (nil: never) is more than a day old at `now`: then run once at start-up.
    public static func isStale(lastStarted last: Date?, now: Date) -> Bool {
        guard let last else { return true }
        return now.timeIntervalSince(last) > 86_400
    }
}

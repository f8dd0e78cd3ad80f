/// Credit counted in academic hours (akadēmiskās stundas).
///
/// An academic hour is 45 minutes in Latvian adult education by custom, not by law, so its length is data
/// (each course file may state it) and never assumed in code.
public struct AcademicHourLength: Sendable, Hashable, Codable, CustomStringConvertible {
    public let minutes: Int

    public init?(minutes: Int) {
        guard (1...120).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Time in class that `hours` academic hours take.
    public func duration(of hours: Int) -> Duration { .seconds(hours * minutes * 60) }

    /// Whole academic hours that fit in `duration` (a 90-minute session of 45-minute hours credits 2).
    public func wholeHours(in duration: Duration) -> Int {
        Int(duration.components.seconds) / (minutes * 60)
    }

    public var description: String { "\(minutes) min" }
}

import Curriculum
import Foundation

/// A session's length must hold the academic hours it credits (at the course's length of an academic hour).
public struct SessionTiming: Sendable, Equatable {
    public let startsAt: Date
    public let endsAt: Date
    public let academicHours: Int

    public init(startsAt: Date, endsAt: Date, academicHours: Int, hourLength: AcademicHourLength) throws(SchedulingError) {
        guard endsAt > startsAt else { throw .invalid("the session must end after it starts") }
        guard academicHours > 0 else { throw .invalid("a session credits at least one academic hour") }
        // Real elapsed time, so a session across a daylight-saving change is measured correctly.
        let available = hourLength.wholeHours(in: .seconds(endsAt.timeIntervalSince(startsAt)))
        guard academicHours <= available else {
            throw .invalid("\(academicHours) academic hours of \(hourLength.minutes) min do not fit in a session of \(Int(endsAt.timeIntervalSince(startsAt) / 60)) min")
        }
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.academicHours = academicHours
    }

    public func overlaps(_ other: (startsAt: Date, endsAt: Date)) -> Bool {
        startsAt < other.endsAt && other.startsAt < endsAt
    }
}

public enum SchedulingError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        }
    }
}

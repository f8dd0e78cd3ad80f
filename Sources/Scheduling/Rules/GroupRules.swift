import Curriculum
import Foundation

/// A group's life: planned → open for registration → confirmed → in progress → completed, or cancelled
/// (with a reason) at any point before it is completed.
public enum GroupStatus: String, Sendable, Codable, CaseIterable {
    case planned, open, confirmed
    case inProgress = "in_progress"
    case completed, cancelled

    public func canMove(to next: GroupStatus) -> Bool {
        switch (self, next) {
        case (.planned, .open), (.open, .confirmed), (.confirmed, .inProgress), (.inProgress, .completed): true
        case (.planned, .cancelled), (.open, .cancelled), (.confirmed, .cancelled), (.inProgress, .cancelled): true
        default: false
        }
    }

    /// Whether people may still enrol or be moved off the waitlist.
    public var takesEnrolments: Bool { self == .open || self == .confirmed }
}

public enum GroupKind: String, Sendable, Codable, CaseIterable {
    /// Delivers a course to participants.
    case delivery
    /// Train-the-trainer: completing it qualifies its participants to lead the course.
    case trainerCohort = "trainer_cohort"
}

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

/// When people may enrol and cancel.
public struct RegistrationWindow: Sendable, Equatable {
    public let opensAt: Date?
    public let closesAt: Date?
    public let cancellationDeadline: Date?

    public init(opensAt: Date?, closesAt: Date?, cancellationDeadline: Date?) {
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.cancellationDeadline = cancellationDeadline
    }

    /// Nil when enrolling at `now` is allowed, else why not.
    public func enrolmentRefusal(at now: Date) -> String? {
        if let opensAt, now < opensAt { return "registration opens at \(RigaTime.localText(opensAt))" }
        if let closesAt, now >= closesAt { return "registration closed at \(RigaTime.localText(closesAt))" }
        return nil
    }

    public func cancellationRefusal(at now: Date) -> String? {
        if let cancellationDeadline, now >= cancellationDeadline {
            return "the cancellation deadline passed at \(RigaTime.localText(cancellationDeadline))"
        }
        return nil
    }
}

/// Whom a group books and whom it waitlists: never more booked than the capacity.
public enum Capacity {
    /// Whether one more person is booked or waitlisted.
    public static func decide(booked: Int, capacity: Int) -> EnrolmentStatus {
        booked < capacity ? .booked : .waitlisted
    }

    /// How many waitlisted people move up when `booked` of `capacity` places are taken.
    public static func promotions(booked: Int, capacity: Int, waitlisted: Int) -> Int {
        max(0, min(capacity - booked, waitlisted))
    }
}

public enum EnrolmentStatus: String, Sendable, Codable, CaseIterable {
    case requested, booked, waitlisted, cancelled
}

public enum SchedulingError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        }
    }
}

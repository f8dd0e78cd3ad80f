import Foundation

/// How a trainer marked a participant at one session.
public enum AttendanceMark: Sendable, Hashable {
    case present
    /// Present for part of the session: the minutes they were there.
    case partial(minutes: Int)
    case absent
    /// Absent with a reason the trainer accepted; credits nothing, but reads differently on the sheet.
    case excused

    public var status: String {
        switch self {
        case .present: "present"
        case .partial: "partial"
        case .absent: "absent"
        case .excused: "excused"
        }
    }

    public var minutes: Int? {
        if case .partial(let minutes) = self { minutes } else { nil }
    }

    public init?(status: String, minutes: Int?) {
        switch (status, minutes) {
        case ("present", nil): self = .present
        case ("partial", let minutes?): self = .partial(minutes: minutes)
        case ("absent", nil): self = .absent
        case ("excused", nil): self = .excused
        default: return nil
        }
    }

    /// "partial (75 min)" for people and the edit history.
    public var text: String { minutes.map { "\(status) (\($0) min)" } ?? status }
}

/// One line of a session's attendance sheet as a trainer sends it.
public struct AttendanceEntry: Sendable, Equatable {
    public var personID: UUID
    public var mark: AttendanceMark
    /// Why a marking already made is changed; the sheet's reason when absent.
    public var reason: String?

    public init(personID: UUID, mark: AttendanceMark, reason: String? = nil) {
        self.personID = personID
        self.mark = mark
        self.reason = reason
    }
}

/// A change to a marking after the first: who, when, from what to what, and why.
public struct AttendanceChange: Sendable, Equatable {
    public let sessionID: UUID
    public let personID: UUID
    public let from: AttendanceMark
    public let to: AttendanceMark
    public let reason: String
    public let changedBy: String
    public let changedAt: Date
}

/// When trainers may mark a session: from a while before it starts (set by the installation) until the
/// group is closed.
public struct AttendancePolicy: Sendable {
    public let opensBeforeStart: Duration

    public init(opensBeforeStart: Duration = .seconds(30 * 60)) { self.opensBeforeStart = opensBeforeStart }
}

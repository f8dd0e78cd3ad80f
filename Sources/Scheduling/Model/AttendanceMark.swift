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

import Curriculum
import Foundation

/// Academic hours a participant is credited for one session.
///
/// Present credits the session's hours; absent and excused credit none. Partly present credits the share of
/// the session they attended — its hours × minutes attended ÷ the session's length — rounded *down* to the
/// course's credit unit (whole academic hours unless the course file says 0.5 or 0.25), so nobody is credited
/// time they were not there.
public enum CreditedHours {
    public static func credited(
        _ mark: AttendanceMark, sessionHours: Int, sessionMinutes: Int, partsPerHour: Int
    ) -> HoursCredit {
        switch mark {
        case .present: return HoursCredit(hours: sessionHours)
        case .absent, .excused: return .zero
        case .partial(let minutes):
            guard sessionMinutes > 0, partsPerHour > 0 else { return .zero }
            let attended = min(minutes, sessionMinutes)
            // Whole credit units in the attended share, in integers so no rounding error creeps in.
            let units = sessionHours * partsPerHour * attended / sessionMinutes
            return HoursCredit(quarters: units * 4 / partsPerHour)
        }
    }

    /// The same for a stored session.
    public static func credited(_ mark: AttendanceMark, at session: GroupSession, partsPerHour: Int) -> HoursCredit {
        credited(mark, sessionHours: session.academicHours, sessionMinutes: session.minutes, partsPerHour: partsPerHour)
    }
}

extension GroupSession {
    /// The session's length in whole minutes.
    public var minutes: Int { Int(endsAt.timeIntervalSince(startsAt) / 60) }
}

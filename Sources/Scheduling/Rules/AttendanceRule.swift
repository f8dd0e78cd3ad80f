import Core
import Curriculum

/// Whether a participant attended enough of a course: at least the share of its academic hours that the
/// course's completion rule asks for, counting the hours credited from attendance.
public enum AttendanceRule {
    public static func meets(credited: HoursCredit, of course: CourseDefinition) -> Bool {
        credited.quarters * 100 >= course.completion.minimumAttendancePercent * course.academicHours * 4
    }
}

import Core
import Curriculum

/// Whether a participant attended enough of a course: the share of its academic hours given by the
/// course's completion rule, counting only sessions they were recorded present at.
public enum AttendanceRule {
    public static func meets(attendedHours: Int, of course: CourseDefinition) -> Bool {
        attendedHours * 100 >= course.completion.minimumAttendancePercent * course.academicHours
    }
}

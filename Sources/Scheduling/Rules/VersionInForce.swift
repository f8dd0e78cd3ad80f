import Core
import Curriculum
import Foundation

/// A group delivers a course version only while the version is in force: none of its sessions starts before the
/// version's `effective_from` or after its `effective_until` (days in Riga). A session before a version takes
/// effect would credit hours under rules nobody had yet approved for use.
public enum VersionInForce {
    /// Why a session starting at `startsAt` may not deliver `course`, if it may not.
    public static func problem(sessionStartsAt startsAt: Date, course: CourseDefinition) -> FieldProblem? {
        if startsAt < RigaTime.startOfDay(course.effectiveFrom) {
            return FieldProblem("startsAt", "version \(course.version) of \(course.code) takes effect on \(course.effectiveFrom); a session cannot start before it")
        }
        if let until = course.effectiveUntil, startsAt >= RigaTime.startOfDay(until.adding(days: 1)) {
            return FieldProblem("startsAt", "version \(course.version) of \(course.code) is in force until \(until); a session cannot start after it")
        }
        return nil
    }
}

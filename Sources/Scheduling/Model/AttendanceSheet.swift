import Curriculum
import Foundation

/// A group's attendance sheet: the group, each visible participant's attendance and their names.
public struct AttendanceSheet: Sendable {
    public let group: Group
    public let summaries: [AttendanceSummary]
    /// Given and family names by person.
    public let names: [UUID: (given: String, family: String)]
}

import Curriculum
import Foundation

/// A booked participant's attendance in a group: hours credited, whether that meets the course's share, and
/// their marking at each session.
public struct AttendanceSummary: Sendable, Equatable {
    public let personID: UUID
    /// Over the group's live sessions, by `CreditedHours`.
    public let credited: HoursCredit
    /// Credited at least the course's minimum share of its hours.
    public let meetsRule: Bool
    public let marks: [UUID: AttendanceMark]
    /// Hours credited per live session marked.
    public let credits: [UUID: HoursCredit]
}

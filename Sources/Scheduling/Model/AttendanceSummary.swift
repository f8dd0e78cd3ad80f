import Foundation

/// A booked participant's attendance in a group: hours attended, whether that meets the course's rule, and
/// presence per session.
public struct AttendanceSummary: Sendable, Equatable {
    public let personID: UUID
    public let attendedHours: Int
    /// Attended enough for the course's completion rule.
    public let meetsRule: Bool
    public let sessions: [UUID: Bool]
}

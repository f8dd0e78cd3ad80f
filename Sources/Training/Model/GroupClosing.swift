import Curriculum
import Foundation

/// A group's closing: each participant's outcome, and whether it has been confirmed.
public struct GroupClosing: Sendable, Equatable {
    public let groupID: UUID
    public let groupCode: String
    public let courseCode: String
    public let courseVersion: Int
    /// Academic hours of the course, the base of the attendance share.
    public let courseHours: Int
    public let outcomes: [ParticipantOutcome]
    /// What is missing before closing would be fair to everyone: sessions with participants not marked,
    /// assessment results not recorded. Closing refuses while there is any, unless told to go ahead.
    public let incomplete: [String]
    /// False for a preview.
    public let closed: Bool
}

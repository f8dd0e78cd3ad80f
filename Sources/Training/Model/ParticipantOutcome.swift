import Curriculum
import Foundation

/// What closing a group decides for one booked participant, shown in the preview and written as their
/// training record.
public struct ParticipantOutcome: Sendable, Equatable {
    public let personID: UUID
    public let credited: HoursCredit
    public let outcome: TrainingRecord.Outcome
    public let reasons: [String]
    /// The assessment result recorded for them, where there is one.
    public let assessmentPassed: Bool?
}

/// A group's closing: each participant's outcome, and whether it has been confirmed.
public struct GroupClosing: Sendable, Equatable {
    public let groupID: UUID
    public let groupCode: String
    public let courseCode: String
    public let courseVersion: Int
    /// Academic hours of the course, the base of the attendance share.
    public let courseHours: Int
    public let outcomes: [ParticipantOutcome]
    /// False for a preview.
    public let closed: Bool
}

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

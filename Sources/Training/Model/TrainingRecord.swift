import Core
import Curriculum
import Foundation

/// What a person completed, or did not: from a closed group, or training done elsewhere that the
/// inspectorate recorded. Certification reads these and nothing else.
public struct TrainingRecord: Sendable, Equatable {
    public enum Source: String, Sendable, CaseIterable {
        case group, external
    }

    public enum Outcome: String, Sendable, CaseIterable {
        case completed
        case notCompleted = "not_completed"
    }

    public let id: UUID
    public let personID: UUID
    public let source: Source
    public let courseCode: String?
    public let courseVersion: Int?
    public let groupID: UUID?
    public let groupCode: String?
    /// Who delivered training done elsewhere.
    public let provider: String?
    public let title: String
    public let startsOn: CalendarDate
    public let endsOn: CalendarDate
    public let academicHours: HoursCredit
    public let outcome: Outcome
    /// Why not completed, in words.
    public let reasons: [String]
    public let evidenceReference: String?
    /// Where the person worked when the record was made.
    public let organisationID: UUID?
    public let region: PlanningRegion?
    public let position: Position?
    /// The record this one corrects, and why.
    public let supersedes: UUID?
    public let correctionReason: String?
    /// A newer record that corrects this one.
    public let supersededBy: UUID?
    public let recordedBy: String
    /// The account that made it, for approval by another (nil when made through the admin CLI).
    let recordedAccount: UUID?
    public let recordedAt: Date
    public let approvedBy: String?
    public let approvedAt: Date?

    /// Counts towards certification: approved, and not corrected since.
    public var counts: Bool { approvedAt != nil && supersededBy == nil }
}

import Curriculum
import Foundation

/// Feedback on a course version across its groups: results over the groups with enough answers to show,
/// which groups were left out, and the lecturers' reports.
public struct CourseFeedbackReport: Sendable, Equatable {
    public struct GroupLine: Sendable, Equatable {
        public let groupID: UUID
        public let groupCode: String
        public let answers: Int
        /// Counted in the results: it has enough answers to show.
        public let included: Bool
    }

    public let courseCode: String
    public let courseVersion: Int
    public let groups: [GroupLine]
    public let answers: Int
    public let items: [ItemResult]
    public let lecturerReports: [LecturerReport]
}

import Curriculum
import Foundation

/// One answer to a questionnaire item: a score for a scale item, a comment for a text item.
public struct FeedbackAnswer: Sendable, Equatable {
    public var item: String
    public var score: Int?
    public var comment: String?

    public init(item: String, score: Int? = nil, comment: String? = nil) {
        self.item = item
        self.score = score
        self.comment = comment
    }
}

/// What the answers to one item add up to.
public struct ItemResult: Sendable, Equatable {
    public let item: CourseDefinition.Questionnaire.Item
    /// Answers given to the item.
    public let count: Int
    /// For scale items: the mean score and how many gave 1, 2, 3, 4 and 5.
    public let mean: Double?
    public let distribution: [Int]
    /// For text items: the comments, in no particular order.
    public let comments: [String]
}

/// A group's questionnaire results, or why they are withheld.
public struct GroupFeedbackResults: Sendable, Equatable {
    public let groupID: UUID
    public let groupCode: String
    public let answers: Int
    /// Too few answers to show anything without pointing at the people who gave them.
    public let withheld: Bool
    public let message: String?
    public let items: [ItemResult]
}

/// A lecturer's report on a group: what worked, what to change, overall and per module.
public struct LecturerReport: Sendable, Equatable {
    public struct ModuleNote: Sendable, Equatable, Codable {
        public var module: String
        public var whatWorked: String?
        public var whatToChange: String?

        public init(module: String, whatWorked: String?, whatToChange: String?) {
            self.module = module
            self.whatWorked = whatWorked
            self.whatToChange = whatToChange
        }
    }

    public let id: UUID
    public let groupID: UUID
    public let groupCode: String
    public let authorID: UUID
    public let whatWorked: String
    public let whatToChange: String
    public let modules: [ModuleNote]
    public let submittedAt: Date
}

/// What a lecturer writes.
public struct LecturerReportDraft: Sendable {
    public var whatWorked: String?
    public var whatToChange: String?
    public var modules: [LecturerReport.ModuleNote]

    public init(whatWorked: String?, whatToChange: String?, modules: [LecturerReport.ModuleNote] = []) {
        self.whatWorked = whatWorked
        self.whatToChange = whatToChange
        self.modules = modules
    }
}

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

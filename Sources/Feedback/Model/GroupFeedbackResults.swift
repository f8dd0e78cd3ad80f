import Curriculum
import Foundation

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

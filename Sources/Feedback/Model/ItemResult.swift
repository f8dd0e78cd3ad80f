import Curriculum
import Foundation

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

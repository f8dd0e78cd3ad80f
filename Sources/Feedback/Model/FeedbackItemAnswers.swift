import Curriculum
import Foundation

/// The answers given to one item.
public struct FeedbackItemAnswers: Sendable, Equatable {
    public var item: String
    public var scores: [Int]
    public var comments: [String]

    public init(item: String, scores: [Int] = [], comments: [String] = []) {
        self.item = item
        self.scores = scores
        self.comments = comments
    }
}

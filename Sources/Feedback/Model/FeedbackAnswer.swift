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

import Curriculum
import Foundation

/// When participants may answer and how many answers a group needs before anything is shown.
public struct FeedbackPolicy: Sendable {
    /// How long after the group's last session ends answers are taken.
    public let answerWindow: Duration
    /// Fewer answers than this and a group's results are withheld: with so few, an answer points at its author.
    public let minimumAnswersShown: Int

    public init(answerWindow: Duration = .seconds(14 * 24 * 3600), minimumAnswersShown: Int = 5) {
        self.answerWindow = answerWindow
        self.minimumAnswersShown = minimumAnswersShown
    }

    /// Answers are taken from the start of the group's last session until `answerWindow` after it ends.
    public func window(lastSessionStartsAt starts: Date, endsAt ends: Date) -> ClosedRange<Date> {
        starts...ends.addingTimeInterval(TimeInterval(answerWindow.components.seconds))
    }
}

/// Adds up answers per item: count, mean and distribution for scales, the comments for text items.
public enum FeedbackAggregate {
    public static func results(
        of answers: [FeedbackItemAnswers], items: [CourseDefinition.Questionnaire.Item]
    ) -> [ItemResult] {
        items.map { item in
            let given = answers.first { $0.item == item.code }
            let scores = given?.scores ?? []
            var distribution = [0, 0, 0, 0, 0]
            for score in scores where (1...5).contains(score) { distribution[score - 1] += 1 }
            let mean = scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count)
            let comments = given?.comments ?? []
            return ItemResult(item: item, count: scores.count + comments.count, mean: item.kind == .scale ? mean : nil,
                              distribution: item.kind == .scale ? distribution : [], comments: item.kind == .text ? comments : [])
        }
    }
}

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

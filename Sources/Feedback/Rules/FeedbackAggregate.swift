import Curriculum
import Foundation

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

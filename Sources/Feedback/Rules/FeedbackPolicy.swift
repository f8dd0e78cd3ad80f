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

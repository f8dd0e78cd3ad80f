import Core
import Curriculum
import Foundation

/// A completed training record that counts (current and approved): what certification reads of training.
public struct CountingCompletion: Sendable, Equatable {
    public let recordID: UUID
    /// Nil for training done elsewhere.
    public let courseCode: String?
    public let title: String
    public let academicHours: HoursCredit
    public let completedOn: CalendarDate
}

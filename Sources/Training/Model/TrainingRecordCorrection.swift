import Core
import Curriculum
import Foundation

/// A correction of a record: the values that change, and why.
public struct TrainingRecordCorrection: Sendable {
    public var academicHours: Double?
    public var outcome: TrainingRecord.Outcome?
    public var reasons: [String]?
    public var reason: String?

    public init(academicHours: Double? = nil, outcome: TrainingRecord.Outcome? = nil, reasons: [String]? = nil, reason: String?) {
        self.academicHours = academicHours
        self.outcome = outcome
        self.reasons = reasons
        self.reason = reason
    }
}

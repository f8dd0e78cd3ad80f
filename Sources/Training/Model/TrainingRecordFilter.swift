import Core
import Curriculum
import Foundation

/// Which records a list shows.
public struct TrainingRecordFilter: Sendable, Equatable {
    public var personID: UUID?
    /// Only these people (a chairperson's current staff).
    public var people: [UUID]?
    public var courseCode: String?
    public var region: PlanningRegion?
    public var organisationID: UUID?
    public var position: Position?
    /// Records that ended on or after…
    public var from: CalendarDate?
    /// …and on or before.
    public var to: CalendarDate?
    public var source: TrainingRecord.Source?
    /// Also external records still waiting for approval.
    public var includePending: Bool

    public init(
        personID: UUID? = nil, courseCode: String? = nil, region: PlanningRegion? = nil, organisationID: UUID? = nil,
        position: Position? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil, source: TrainingRecord.Source? = nil,
        includePending: Bool = false
    ) {
        self.personID = personID
        self.courseCode = courseCode
        self.region = region
        self.organisationID = organisationID
        self.position = position
        self.from = from
        self.to = to
        self.source = source
        self.includePending = includePending
    }
}

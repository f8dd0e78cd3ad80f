import Core
import Foundation

/// Which groups a list returns.
public struct GroupFilter: Sendable {
    public var courseCode: String?
    public var region: PlanningRegion?
    public var status: GroupStatus?
    /// Groups with a session starting on or after…
    public var from: Date?
    /// …and before.
    public var to: Date?

    public init(courseCode: String? = nil, region: PlanningRegion? = nil, status: GroupStatus? = nil, from: Date? = nil, to: Date? = nil) {
        self.courseCode = courseCode
        self.region = region
        self.status = status
        self.from = from
        self.to = to
    }
}

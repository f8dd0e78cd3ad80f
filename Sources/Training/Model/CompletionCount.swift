import Core
import Curriculum
import Foundation

/// People who completed a course version, with the region and position they had then.
public struct CompletionCount: Sendable, Equatable {
    public let courseCode: String
    public let courseVersion: Int
    public let region: PlanningRegion?
    public let position: Position?
    public let people: Int

    public init(courseCode: String, courseVersion: Int, region: PlanningRegion?, position: Position?, people: Int) {
        self.courseCode = courseCode
        self.courseVersion = courseVersion
        self.region = region
        self.position = position
        self.people = people
    }
}

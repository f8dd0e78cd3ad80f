import Core
import Curriculum
import Directory

/// Whether a course version's pilot requirement (e.g. two groups in two regions, at least 15 each) is met by
/// the pilot groups that ran.
public struct PilotEvaluation: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public let code: String
        public let region: PlanningRegion?
        public let participants: Int
        /// Participants who completed the course, once the group is closed.
        public let completed: Int
        public let status: GroupStatus

        public init(code: String, region: PlanningRegion?, participants: Int, completed: Int = 0, status: GroupStatus) {
            self.code = code
            self.region = region
            self.participants = participants
            self.completed = completed
            self.status = status
        }
    }

    public let rule: CourseDefinition.PilotRule
    public let groups: [Group]
    /// Pilot groups that count: ran (in progress or completed), with at least the minimum of participants.
    public let qualifying: [Group]
    public let regions: Set<PlanningRegion>
    public let isMet: Bool
    /// What is still missing, for people.
    public let shortfall: [String]

    public init(rule: CourseDefinition.PilotRule, groups: [Group]) {
        self.rule = rule
        self.groups = groups
        let qualifying = groups.filter {
            ($0.status == .inProgress || $0.status == .completed) && $0.participants >= rule.minimumParticipants
        }
        self.qualifying = qualifying
        let regions = Set(qualifying.compactMap(\.region))
        self.regions = regions
        var shortfall: [String] = []
        if qualifying.count < rule.groups {
            shortfall.append("\(rule.groups - qualifying.count) more pilot group(s) run with at least \(rule.minimumParticipants) participants")
        }
        if regions.count < rule.regions {
            shortfall.append("pilot groups in \(rule.regions - regions.count) more region(s)")
        }
        self.shortfall = shortfall
        self.isMet = shortfall.isEmpty
    }
}

import Curriculum
import Directory
import Foundation

public struct GroupSession: Sendable, Equatable {
    public let id: UUID
    public let groupID: UUID
    public let startsAt: Date
    public let endsAt: Date
    public let academicHours: Int
    public let venue: String?
    public let sequence: Int
    public let cancelledAt: Date?
    public let updatedAt: Date
}

public struct GroupTrainer: Sendable, Equatable {
    public enum Role: String, Sendable { case lead, co }
    public let personID: UUID
    public let role: Role
}

/// A group as stored, with what lists and rules need about it.
public struct Group: Sendable, Equatable {
    public let id: UUID
    public let code: String
    public let kind: GroupKind
    public let courseVersionID: UUID
    public let courseCode: String
    public let courseVersion: Int
    public let courseTitle: CourseDefinition.Title
    public let region: PlanningRegion?
    public let venue: String?
    public let online: Bool
    public let capacity: Int
    public let minimumParticipants: Int
    public let registration: RegistrationWindow
    public let pilot: Bool
    public let status: GroupStatus
    public let cancelledReason: String?
    public let trainers: [GroupTrainer]
    public let sessions: [GroupSession]
    public let booked: Int
    public let waitlisted: Int

    public var leadTrainerID: UUID? { trainers.first { $0.role == .lead }?.personID }
    public var scheduledHours: Int { sessions.filter { $0.cancelledAt == nil }.map(\.academicHours).reduce(0, +) }
    public var firstSessionStartsAt: Date? { sessions.filter { $0.cancelledAt == nil }.map(\.startsAt).min() }
}

public struct Enrolment: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public let status: EnrolmentStatus
        public let changedAt: Date
        public let changedBy: String
        public let reason: String?
    }

    public let id: UUID
    public let groupID: UUID
    public let personID: UUID
    public let status: EnrolmentStatus
    public let queuedAt: Date
    public let history: [Change]
}

public struct TrainerQualification: Sendable, Equatable {
    public enum Status: String, Sendable { case provisional, qualified, withdrawn }
    public enum Source: String, Sendable { case cohort, direct }

    public let id: UUID
    public let personID: UUID
    public let courseCode: String
    public let fromVersion: Int
    public let status: Status
    public let grantedVia: Source
    public let reason: String?
    public let grantedBy: String
    public let grantedAt: Date
    public let signedOffAt: Date?
    public let withdrawnReason: String?

    /// Whether it lets the person lead groups of `version` of its course.
    public func allowsLeading(version: Int) -> Bool { status != .withdrawn && version >= fromVersion }
}

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

public struct OutboxMessage: Sendable, Equatable {
    public let id: Int64
    public let kind: String
    public let groupID: UUID?
    public let subject: String
    public let body: String
    public let createdAt: Date
}

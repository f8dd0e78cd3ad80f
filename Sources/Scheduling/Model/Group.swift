import Core
import Curriculum
import Foundation

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
    public var liveSessions: [GroupSession] { sessions.filter { $0.cancelledAt == nil } }
    public var scheduledHours: Int { liveSessions.map(\.academicHours).reduce(0, +) }
    public var firstSessionStartsAt: Date? { liveSessions.map(\.startsAt).min() }
}

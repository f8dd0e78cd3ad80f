import Foundation

/// A person's place (or wish for one) in a group, with every status change kept.
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

import Foundation

/// One dated session of a group, in UTC; `sequence` counts its changes for calendar feeds.
public struct GroupSession: Sendable, Equatable {
    public let id: UUID
    public let groupID: UUID
    public let startsAt: Date
    public let endsAt: Date
    public let academicHours: Int
    public let venue: String?
    /// Codes of the course's modules the session covers.
    public let modules: [String]
    public let sequence: Int
    public let cancelledAt: Date?
    public let updatedAt: Date

    public init(
        id: UUID, groupID: UUID, startsAt: Date, endsAt: Date, academicHours: Int, venue: String?, modules: [String],
        sequence: Int, cancelledAt: Date?, updatedAt: Date
    ) {
        self.id = id
        self.groupID = groupID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.academicHours = academicHours
        self.venue = venue
        self.modules = modules
        self.sequence = sequence
        self.cancelledAt = cancelledAt
        self.updatedAt = updatedAt
    }
}

import Foundation

/// One dated session of a group, in UTC; `sequence` counts its changes for calendar feeds.
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

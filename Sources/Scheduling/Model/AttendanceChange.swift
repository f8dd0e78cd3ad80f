import Foundation

/// A change to a marking after the first: who, when, from what to what, and why.
public struct AttendanceChange: Sendable, Equatable {
    public let sessionID: UUID
    public let personID: UUID
    public let from: AttendanceMark
    public let to: AttendanceMark
    public let reason: String
    public let changedBy: String
    public let changedAt: Date
}

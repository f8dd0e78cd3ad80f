import Foundation

/// A person's qualification to lead a course, from a version on.
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

    public init(
        id: UUID, personID: UUID, courseCode: String, fromVersion: Int, status: Status, grantedVia: Source, reason: String?,
        grantedBy: String, grantedAt: Date, signedOffAt: Date?, withdrawnReason: String?
    ) {
        self.id = id
        self.personID = personID
        self.courseCode = courseCode
        self.fromVersion = fromVersion
        self.status = status
        self.grantedVia = grantedVia
        self.reason = reason
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.signedOffAt = signedOffAt
        self.withdrawnReason = withdrawnReason
    }

    /// Whether it lets the person lead groups of `version` of its course.
    public func allowsLeading(version: Int) -> Bool { status != .withdrawn && version >= fromVersion }
}

import Foundation

/// A group as a trainer, the inspectorate or a schedule file asks for it; `GroupDraftRules` checks it.
public struct GroupDraft: Sendable {
    public var code: String
    public var kind: GroupKind = .delivery
    public var courseCode: String
    public var courseVersion: Int
    public var region: String?
    public var venue: String?
    public var online: Bool = false
    public var leadTrainerID: UUID
    public var coTrainerIDs: [UUID] = []
    public var capacity: Int
    /// Defaults to the course's pilot minimum for pilot groups, else 0.
    public var minimumParticipants: Int?
    public var registrationOpensAt: String?
    public var registrationClosesAt: String?
    public var cancellationDeadline: String?
    public var pilot: Bool = false

    public init(code: String, courseCode: String, courseVersion: Int, region: String?, leadTrainerID: UUID, capacity: Int) {
        self.code = code
        self.courseCode = courseCode
        self.courseVersion = courseVersion
        self.region = region
        self.leadTrainerID = leadTrainerID
        self.capacity = capacity
    }
}

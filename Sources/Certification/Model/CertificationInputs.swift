import Core
import Curriculum
import Foundation

/// A training record as certification reads it: only records that count (current, approved, completed).
public struct TrainingEvidence: Sendable, Equatable {
    public let recordID: UUID
    /// The catalogue course, or nil for training done elsewhere.
    public let courseCode: String?
    public let title: String
    public let academicHours: HoursCredit
    public let completedOn: CalendarDate

    public init(recordID: UUID, courseCode: String?, title: String, academicHours: HoursCredit, completedOn: CalendarDate) {
        self.recordID = recordID
        self.courseCode = courseCode
        self.title = title
        self.academicHours = academicHours
        self.completedOn = completedOn
    }

    public var isExternal: Bool { courseCode == nil }
}

/// Where a person worked, from when (and until when): the schemes of a position apply from its start.
public struct PositionSpan: Sendable, Equatable {
    public let position: Position
    public let organisationKind: OrganisationKind?
    public let from: CalendarDate
    public let until: CalendarDate?

    public init(position: Position, organisationKind: OrganisationKind?, from: CalendarDate, until: CalendarDate? = nil) {
        self.position = position
        self.organisationKind = organisationKind
        self.from = from
        self.until = until
    }
}

/// A body's decision on a person under a scheme (e.g. the qualification commission's), as an officer recorded it.
public struct CertificationDecision: Sendable, Equatable {
    public let date: CalendarDate
    public let passed: Bool
    /// The minutes, for people to find the decision.
    public let reference: String
    /// When it was recorded: decisions under a scheme and under the one it replaced are read in this order.
    public let recordedAt: Date?

    public init(date: CalendarDate, passed: Bool, reference: String, recordedAt: Date? = nil) {
        self.date = date
        self.passed = passed
        self.reference = reference
        self.recordedAt = recordedAt
    }
}

/// The inspectorate's override of a person's status under a scheme, with a reason.
public struct StatusOverride: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case suspended, revoked, reinstated
    }

    public let kind: Kind
    public let from: CalendarDate
    public let reason: String
    /// The certificate whose suspension, revocation or reinstatement for cause made it, if any.
    public let certificateNumber: String?
    /// When it was recorded: overrides under a scheme and under the one it replaced are read in this order.
    public let recordedAt: Date?

    public init(kind: Kind, from: CalendarDate, reason: String, certificateNumber: String? = nil, recordedAt: Date? = nil) {
        self.kind = kind
        self.from = from
        self.reason = reason
        self.certificateNumber = certificateNumber
        self.recordedAt = recordedAt
    }
}

/// A certificate revoked as issued in error (a wrong name, a wrong date): the certification it attested stands,
/// and the status's explanation says the certificate was withdrawn and whether another replaced it.
public struct WithdrawnCertificate: Sendable, Equatable {
    public let number: String
    public let withdrawnOn: CalendarDate
    public let reason: String
    /// The certificate issued after it, if any.
    public var replacedBy: String?

    public init(number: String, withdrawnOn: CalendarDate, reason: String, replacedBy: String? = nil) {
        self.number = number
        self.withdrawnOn = withdrawnOn
        self.reason = reason
        self.replacedBy = replacedBy
    }

    var message: StatusMessage {
        var values: [String: StatusMessage.Value] = ["certificate": .text(number), "date": .day(withdrawnOn), "reason": .text(reason)]
        if let replacedBy { values["replacement"] = .text(replacedBy) }
        return StatusMessage(replacedBy == nil ? .certificateWithdrawnNotReplaced : .certificateWithdrawnReplaced, values)
    }
}

/// Decisions and overrides are read "the latest recorded stands"; lists recorded under different schemes (one
/// replacing the other) are merged by when each entry was recorded.
enum RecordingOrder {
    /// The lists as one, in recording order when every entry says when it was recorded (the store's always do),
    /// else one after the other as given.
    static func merged<Entry>(_ lists: [[Entry]], by recordedAt: (Entry) -> Date?) -> [Entry] {
        let all = lists.flatMap { $0 }
        guard lists.filter({ !$0.isEmpty }).count > 1, all.allSatisfy({ recordedAt($0) != nil }) else { return all }
        // A stable sort: entries recorded at the same instant keep their order.
        return all.enumerated().sorted { (recordedAt($0.element)!, $0.offset) < (recordedAt($1.element)!, $1.offset) }.map(\.element)
    }
}

import Core
import Curriculum
import Foundation

/// One version of a certification scheme, as its file in `Courses/certification/` states it: whom it applies
/// to, what makes them certified and for how long, what recertification asks, and the rule it encodes.
///
/// Every number here is data: the law is unsettled (certification postponed, the refresher rule redrafted), so
/// a change is a new version with its own effective dates, and what was decided under an old one stays.
public struct CertificationScheme: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable, Comparable {
        case draft, approved, retired

        public static func < (lhs: Status, rhs: Status) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Who the scheme applies to: people in these positions (at organisations of these kinds, when given).
    public struct Applicability: Sendable, Equatable, Codable {
        public var positions: [Position]
        public var organisationKinds: [OrganisationKind]

        public func covers(position: Position, organisationKind: OrganisationKind?) -> Bool {
            positions.contains(position) && (organisationKinds.isEmpty || organisationKind.map(organisationKinds.contains) == true)
        }
    }

    /// Training that meets a requirement, from training records.
    public struct Requirement: Sendable, Equatable, Codable {
        /// Courses or programmes to complete, each (catalogue codes).
        public var courses: [String]
        /// Academic hours to gather from eligible records.
        public var academicHours: Int?
        /// Which courses' records count towards the hours; nil means every catalogue course.
        public var eligibleCourses: [String]?
        /// Whether approved training done elsewhere counts towards the hours.
        public var externalTrainingCounts: Bool
        /// Hours that must come from particular courses, within the total.
        public var categories: [Category]

        public struct Category: Sendable, Equatable, Codable {
            public var name: String
            public var courses: [String]
            public var academicHours: Int

            public init(name: String, courses: [String], academicHours: Int) {
                self.name = name
                self.courses = courses
                self.academicHours = academicHours
            }
        }
    }

    /// What a person must do after taking the position to become certified.
    public struct Initial: Sendable, Equatable, Codable {
        /// Within how many months of taking the position.
        public var withinMonths: Int
        public var requirement: Requirement
        /// A body's decision needed too (e.g. the qualification commission), recorded by an inspectorate officer.
        public var decisionBy: String?
    }

    /// What keeps a person certified, cycle after cycle.
    public struct Recertification: Sendable, Equatable, Codable {
        public var requirement: Requirement
        public var windowOpensMonthsBeforeExpiry: Int
        public var nextExpiryFrom: ExpiryBasis
        /// For `fixedDate`: month and day.
        public var fixedMonth: Int?
        public var fixedDay: Int?
    }

    public enum ExpiryBasis: String, Sendable, Codable, CaseIterable {
        case completion
        case previousExpiry = "previous_expiry"
        case fixedDate = "fixed_date"
    }

    /// A value the law does not state, chosen for now and to be confirmed by the inspectorate.
    public struct Assumption: Sendable, Equatable, Codable {
        public var field: String
        public var note: String
    }

    public typealias Source = SourceCitation

    public var code: String
    public var version: Int
    public var status: Status
    public var title: CourseDefinition.Title
    public var appliesTo: Applicability
    public var initial: Initial?
    public var validityMonths: Int
    public var recertification: Recertification
    public var graceMonths: Int
    public var effectiveFrom: CalendarDate
    public var effectiveUntil: CalendarDate?
    public var source: Source
    public var assumptions: [Assumption]
    public var note: String?
    /// The scheme this one would replace if adopted (a draft of a new rule), for the impact preview.
    public var replaces: String?
    /// What people already in a covered position when the scheme takes effect must do, as the file says; nil
    /// when it says nothing (then `transition` decides).
    public var inPostBeforeStart: Transition?

    public enum Transition: String, Sendable, Codable, CaseIterable {
        /// They meet the initial requirement, due `within_months` of the scheme's start (a new certification).
        case initialRequirement = "initial_requirement"
        /// They start in a first cycle from the scheme's start (a refresher rule for staff already trained).
        case firstCycle = "first_cycle"
        /// What they have under the scheme this one replaces carries over: certified until the expiry it gave,
        /// or owing this scheme's requirement by the deadline it set.
        case carryOver = "carry_over"
    }

    /// The transition people in post when the scheme takes effect go through: the file's, else carrying over
    /// for a scheme that replaces another, else the initial requirement.
    public var transition: Transition {
        inPostBeforeStart ?? (replaces == nil ? .initialRequirement : .carryOver)
    }

    /// Whether `other` asks the same of people as this version: everything but the documentation (the source it
    /// cites, the assumptions, the note) and the status, which moves on its own. An approved version may
    /// have its documentation amended (a citation corrected); its rule never changes in place.
    public func hasSameRule(as other: CertificationScheme) -> Bool {
        func rule(_ scheme: CertificationScheme) -> CertificationScheme {
            var rule = scheme
            rule.source = .init(document: "", statement: "")
            rule.assumptions = []
            rule.note = nil
            rule.status = .draft
            return rule
        }
        return rule(self) == rule(other)
    }

    /// The cycle arithmetic this version asks for.
    public var window: RecertificationWindow {
        let basis: RecertificationWindow.ExpiryBasis = switch recertification.nextExpiryFrom {
        case .completion: .completion
        case .previousExpiry: .previousExpiry
        case .fixedDate: .fixedDate(month: recertification.fixedMonth ?? 12, day: recertification.fixedDay ?? 31)
        }
        // The file's checks guarantee valid numbers.
        return RecertificationWindow(validityMonths: validityMonths, opensMonthsBeforeExpiry: recertification.windowOpensMonthsBeforeExpiry,
                                     graceMonths: graceMonths, basis: basis)!
    }

    /// In force on `day`.
    public func inForce(on day: CalendarDate) -> Bool {
        status == .approved && effectiveFrom <= day && effectiveUntil.map { day <= $0 } != false
    }
}

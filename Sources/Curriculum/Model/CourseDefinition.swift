import Core
import Foundation

/// What a course or programme is, as one version of its file in `Courses/` states it.
///
/// Everything a rule needs — hours, who it is for, how it is completed, the pilot requirement — is here as
/// data, so a revised file changes the rule without a code change.
public struct CourseDefinition: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Profesionālās kvalifikācijas pilnveides izglītības programma.
        case professionalQualificationProgramme = "professional_qualification_programme"
        /// Zināšanu pilnveides izglītības programma.
        case knowledgeImprovementProgramme = "knowledge_improvement_programme"
        case course
    }

    public enum Status: String, Sendable, Codable, CaseIterable, Comparable {
        case draft, approved, retired

        /// Draft comes before approved, approved before retired; a status never moves back.
        public static func < (lhs: Status, rhs: Status) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public struct Title: Sendable, Equatable, Codable {
        public var lv: String
        public var en: String

        public init(lv: String, en: String) {
            self.lv = lv
            self.en = en
        }
    }

    public struct Module: Sendable, Equatable, Codable {
        public var code: String
        /// In a programme, a module may be a whole course of the catalogue, delivered as part of it.
        public var course: String?
        public var title: Title
        public var academicHours: Int
        public var learningOutcomes: [String]
        public var teachingMethods: [String]
    }

    /// When a participant has completed the course.
    public struct CompletionRule: Sendable, Equatable, Codable {
        /// Minimum share of the course's academic hours attended, in percent.
        public var minimumAttendancePercent: Int
        /// Modules that must be attended in full, whatever the share.
        public var mandatoryModules: [String]
        public var assessmentRequired: Bool
        /// The smallest share of an academic hour that partial presence is credited in: 1 (whole hours, the
        /// default), 0.5 or 0.25. Stored as parts per hour; absent in versions imported before it existed.
        public var creditPartsPerHour: Int?

        public init(minimumAttendancePercent: Int, mandatoryModules: [String], assessmentRequired: Bool, creditPartsPerHour: Int? = nil) {
            self.minimumAttendancePercent = minimumAttendancePercent
            self.mandatoryModules = mandatoryModules
            self.assessmentRequired = assessmentRequired
            self.creditPartsPerHour = creditPartsPerHour
        }

        public var partsPerHour: Int { creditPartsPerHour ?? 1 }
    }

    /// The participants' questionnaire: items on a 1–5 scale and free-text items.
    public struct Questionnaire: Sendable, Equatable, Codable {
        public enum ItemKind: String, Sendable, Codable, CaseIterable {
            case scale, text
        }

        public struct Item: Sendable, Equatable, Codable {
            public var code: String
            public var kind: ItemKind
            public var text: Title

            public init(code: String, kind: ItemKind, text: Title) {
                self.code = code
                self.kind = kind
                self.text = text
            }
        }

        public var items: [Item]

        public init(items: [Item]) { self.items = items }
    }

    /// Who may lead a group of this course.
    public struct TrainerRequirement: Sendable, Equatable, Codable {
        /// Trainers qualified for this course code (usually the course itself)…
        public var qualifiedFor: String
        /// …from this version on.
        public var fromVersion: Int
        /// A newly qualified trainer's first delivery is supervised before the qualification is final.
        public var supervisedFirstDelivery: Bool
    }

    /// How many pilot groups must run, in how many regions, with how many participants each.
    public struct PilotRule: Sendable, Equatable, Codable {
        public var groups: Int
        public var regions: Int
        public var minimumParticipants: Int
    }

    public struct ChangeLogEntry: Sendable, Equatable, Codable {
        public var version: Int
        public var date: CalendarDate
        public var changes: String
        public var reason: String
        /// References to the feedback a revision came from (e.g. a pilot group's evaluation).
        public var feedback: [String]
    }

    /// The seed document and the statement in it that this course implements.
    public typealias Source = SourceCitation

    public var code: String
    public var version: Int
    public var status: Status
    public var kind: Kind
    public var title: Title
    public var academicHours: Int
    public var academicHourMinutes: Int
    public var audiences: [Position]
    public var prerequisites: [String]
    public var modules: [Module]
    public var completion: CompletionRule
    public var trainerQualification: TrainerRequirement
    public var pilot: PilotRule?
    /// Nil when the file names none: `questionnaire` gives the standard one then.
    public var feedbackQuestionnaire: Questionnaire?
    public var methodology: String?
    public var effectiveFrom: CalendarDate
    public var effectiveUntil: CalendarDate?
    public var changeLog: [ChangeLogEntry]
    public var source: Source
    /// For drafts: what the inspectorate must still confirm.
    public var note: String?

    /// The questionnaire participants answer: the file's own, or the standard one.
    public var questionnaire: Questionnaire { feedbackQuestionnaire ?? .standard }

    public var academicHourLength: AcademicHourLength { AcademicHourLength(minutes: academicHourMinutes)! }

    public var moduleHours: Int { modules.map(\.academicHours).reduce(0, +) }

    /// The courses a programme is made of: its modules that are courses.
    public var includes: [String] { modules.compactMap(\.course) }
}

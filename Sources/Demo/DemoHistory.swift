import Core
import Curriculum
import Foundation
import Scheduling
import Training

/// Five years of the platform's own training on top of a `DemoDirectory`, generated in memory from a seed: a
/// trainer cohort per course and the qualifications it gave, groups in the five regions (each course's pilot
/// groups first, in as many regions as its pilot rule asks), their sessions, enrolments and waitlists, attendance
/// marks, assessment results, the training records closing each group made — outcomes decided by the courses'
/// own completion rules — and the participants' feedback. Upcoming groups are open for registration.
/// Nothing here touches a database; `DemoSeeder` writes it.
public struct DemoHistory: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public let id: UUID
        public let code: String
        public let course: CourseRef
        public let kind: GroupKind
        public let region: PlanningRegion
        public let venue: String?
        public let online: Bool
        public let capacity: Int
        public let minimumParticipants: Int
        public let registrationOpensAt: Date
        public let registrationClosesAt: Date
        public let pilot: Bool
        public let status: GroupStatus
        public let cancelledReason: String?
        public let leadTrainer: UUID
        public let coTrainer: UUID?
    }

    /// An approved course version groups may deliver.
    public struct Course: Sendable {
        public let versionID: UUID
        public let definition: CourseDefinition

        public init(versionID: UUID, definition: CourseDefinition) {
            self.versionID = versionID
            self.definition = definition
        }
    }

    /// The course version a group delivers, as its records name it.
    public struct CourseRef: Sendable, Equatable {
        public let versionID: UUID
        public let code: String
        public let version: Int
        public let title: String
    }

    public struct Session: Sendable, Equatable {
        public let id: UUID
        public let groupID: UUID
        public let startsAt: Date
        public let endsAt: Date
        public let academicHours: Int
        public let modules: [String]
        public let cancelledAt: Date?
    }

    public struct Enrolment: Sendable, Equatable {
        public let id: UUID
        public let groupID: UUID
        public let personID: UUID
        public let status: EnrolmentStatus
        public let queuedAt: Date
    }

    public struct Mark: Sendable, Equatable {
        public let sessionID: UUID
        public let personID: UUID
        public let mark: AttendanceMark
        public let recordedAt: Date
    }

    public struct Assessment: Sendable, Equatable {
        public let groupID: UUID
        public let personID: UUID
        public let passed: Bool
        public let recordedAt: Date
    }

    public struct Record: Sendable, Equatable {
        public let id: UUID
        public let personID: UUID
        public let groupID: UUID
        public let course: CourseRef
        public let startsOn: CalendarDate
        public let endsOn: CalendarDate
        public let credited: HoursCredit
        public let outcome: TrainingRecord.Outcome
        public let reasons: [String]
        public let recordedAt: Date
    }

    public struct Answer: Sendable, Equatable {
        public let item: String
        public let score: Int?
        public let comment: String?
    }

    /// One anonymous questionnaire: who answered is kept apart (`respondents`), never linked to the answers.
    public struct FeedbackResponse: Sendable, Equatable {
        public let id: UUID
        public let groupID: UUID
        public let answers: [Answer]
    }

    public struct Qualification: Sendable, Equatable {
        public let id: UUID
        public let personID: UUID
        public let courseCode: String
        public let fromVersion: Int
        /// The cohort that trained them; nil for the trainers who wrote the programmes (granted directly).
        public let cohortGroupID: UUID?
        public let grantedAt: Date
        /// Provisional until a supervised delivery is closed, where the course asks for one.
        public let provisional: Bool
        /// Who supervised their first delivery, and which group it was; nil while that is still to come.
        public let signedOff: SignOff?
    }

    public struct SignOff: Sendable, Equatable {
        public let by: UUID
        public let group: UUID
        public let at: Date
    }

    public struct Respondent: Sendable, Equatable {
        public let groupID: UUID
        public let personID: UUID
    }

    public init() {}

    public internal(set) var groups: [Group] = []
    public internal(set) var sessions: [Session] = []
    public internal(set) var enrolments: [Enrolment] = []
    public internal(set) var marks: [Mark] = []
    public internal(set) var assessments: [Assessment] = []
    public internal(set) var records: [Record] = []
    public internal(set) var responses: [FeedbackResponse] = []
    /// Who answered each group's questionnaire, shuffled within the group so that nothing links them to a response.
    public internal(set) var respondents: [Respondent] = []
    public internal(set) var qualifications: [Qualification] = []

    /// - Parameters:
    ///   - courses: the approved course versions groups deliver (the latest of each course).
    ///   - now: the instant "today" is in; sessions before it have attendance, groups ended before it are closed.
    public static func generate(
        directory: DemoDirectory, courses: [Course], seed: UInt64, today: CalendarDate, now: Date
    ) -> DemoHistory {
        var builder = DemoHistoryBuilder(directory: directory, seed: seed, today: today, now: now)
        builder.build(courses: courses.sorted { $0.definition.code < $1.definition.code })
        return builder.history
    }
}

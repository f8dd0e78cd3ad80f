import Certificates
import Certification
import Core
import Curriculum
import Database
import Directory
import Foundation
import Notices
import Feedback
import Scheduling
import Training

/// Every service of the platform, built once from one database: the API server and the admin CLI both
/// construct this, so each operation has one implementation whichever way it is reached. The stores are made
/// here too and handed to the services that use them.
public struct Services: Sendable {
    public let database: Database
    /// What each message says, Latvian and English.
    public let notices: NoticeTemplates
    public let directory: DirectoryService
    public let accounts: AccountService
    public let catalogue: CatalogueService
    public let groups: GroupService
    public let sessions: SessionService
    public let attendance: AttendanceService
    public let enrolments: EnrolmentService
    public let qualifications: QualificationService
    public let schedulePlans: SchedulePlanService
    public let closings: GroupClosingService
    public let trainingRecords: TrainingRecordService
    public let trainingReports: TrainingReportService
    public let feedback: FeedbackService
    public let schemes: SchemeService
    public let certification: CertificationService
    public let auditLog: AuditLog
    public let certificationPass: CertificationPass
    public let national: NationalCertificationService
    public let impactPreviews: ImpactPreviewService
    public let outbox: OutboxService
    public let calendars: CalendarService
    public let certificates: CertificateService
    public let verification: VerificationService
    /// The issuer's identity and keys as the database publishes them (`pilnveide keys`).
    public let issuers: IssuerService
    /// This process's settings for the issuer: its name, number prefix and public address.
    public let issuer: IssuerProfile

    /// How accounts sign in: password hashing cost, the sign-in throttle, token lifetime.
    public struct AccountPolicy: Sendable {
        public var passwordHashing: PasswordHasher.Parameters
        public var signInThrottle: SignInThrottle
        public var tokenLifetime: Duration
        /// How "forgot my password" is limited and how long its answer takes.
        public var passwordResets: PasswordResetPolicy

        public init(
            passwordHashing: PasswordHasher.Parameters = .init(), signInThrottle: SignInThrottle = .init(),
            tokenLifetime: Duration = .seconds(8 * 3600), passwordResets: PasswordResetPolicy = .init()
        ) {
            self.passwordHashing = passwordHashing
            self.signInThrottle = signInThrottle
            self.tokenLifetime = tokenLifetime
            self.passwordResets = passwordResets
        }
    }

    /// When attendance may be marked and questionnaires answered.
    public struct TrainingPolicy: Sendable {
        public var attendance: AttendancePolicy
        public var feedback: FeedbackPolicy

        public init(attendance: AttendancePolicy = .init(), feedback: FeedbackPolicy = .init()) {
            self.attendance = attendance
            self.feedback = feedback
        }
    }

    /// Who this process would issue as, and the key folder with the secret halves (read again when the database
    /// publishes a key that signs and is not among those read; no restart after `keys rotate`).
    public struct Issuing: Sendable {
        public var profile: IssuerProfile
        public var keys: IssuerKeys

        public init(profile: IssuerProfile = .init(), keys: IssuerKeys = .none) {
            self.profile = profile
            self.keys = keys
        }
    }

    public init(
        database: Database, accountPolicy: AccountPolicy = .init(), trainingPolicy: TrainingPolicy = .init(), issuing: Issuing = .init()
    ) async throws {
        // Loaded before any property is set: what every message says, read once from the templates.
        let notices = try await NoticeTemplates()
        let logger = database.logger
        let audit = AuditTrail(logger: logger)
        let people = PersonStore(logger: logger)
        let organisations = OrganisationStore(logger: logger)
        let groupStore = GroupStore(logger: logger)
        let sessionStore = SessionStore(logger: logger)
        let enrolmentStore = EnrolmentStore(logger: logger)
        let outboxStore = OutboxStore(logger: logger)
        let qualificationStore = QualificationStore(logger: logger)

        self.database = database
        self.notices = notices
        directory = DirectoryService(database: database, organisations: organisations, people: people, audit: audit)
        accounts = try await AccountService(
            database: database, accounts: AccountStore(logger: logger), people: people, organisations: organisations,
            audit: audit, hasher: PasswordHasher(parameters: accountPolicy.passwordHashing),
            throttle: accountPolicy.signInThrottle, tokenLifetime: accountPolicy.tokenLifetime,
            links: AccountLinkStore(logger: logger), outbox: outboxStore, resets: accountPolicy.passwordResets,
            // The links in invitations and resets open this process's public pages.
            publicURL: issuing.profile.publicURL
        )
        // Scheduling owns groups, so it tells the catalogue which groups deliver a version; the feedback module
        // tells it whether feedback a change log cites exists.
        catalogue = CatalogueService(
            database: database, store: CatalogueStore(logger: logger), audit: audit, usage: groupStore,
            feedback: FeedbackReferences(logger: logger, groups: groupStore)
        )
        groups = GroupService(
            database: database, store: groupStore, sessions: sessionStore, enrolments: enrolmentStore, outbox: outboxStore,
            qualifications: qualificationStore, catalogue: catalogue, directory: directory, audit: audit, notices: notices
        )
        sessions = SessionService(database: database, groups: groups, store: sessionStore, enrolments: enrolmentStore, audit: audit)
        attendance = AttendanceService(
            database: database, groups: groups, store: AttendanceStore(logger: logger), enrolments: enrolmentStore, audit: audit,
            policy: trainingPolicy.attendance
        )
        enrolments = EnrolmentService(database: database, groups: groups, store: enrolmentStore, audit: audit)
        qualifications = QualificationService(
            database: database, groups: groups, store: qualificationStore, audit: audit
        )
        schedulePlans = SchedulePlanService(database: database, groups: groups, sessions: sessions)
        let recordStore = TrainingRecordStore(logger: logger)
        closings = GroupClosingService(
            database: database, groups: groups, attendance: attendance, qualifications: qualifications, records: recordStore,
            assessments: AssessmentStore(logger: logger), audit: audit
        )
        trainingRecords = TrainingRecordService(database: database, groups: groups, store: recordStore, audit: audit)
        trainingReports = TrainingReportService(database: database, groups: groups, records: recordStore)
        auditLog = AuditLog(database: database)
        let schemeStore = SchemeStore(logger: logger, changes: database.changes)
        schemes = SchemeService(database: database, store: schemeStore, audit: audit)
        let snapshots = StatusSnapshotStore(logger: logger)
        certification = CertificationService(
            database: database, schemes: schemeStore, store: CertificationRecordStore(logger: logger), directory: directory,
            trainingRecords: trainingRecords, audit: audit, snapshots: snapshots
        )
        certificationPass = CertificationPass(database: database, certification: certification, outbox: outboxStore, snapshots: snapshots,
                                              notices: notices)
        national = NationalCertificationService(database: database, snapshots: snapshots, directory: directory)
        impactPreviews = ImpactPreviewService(database: database, certification: certification)
        feedback = FeedbackService(
            database: database, groups: groups, attendance: attendance, store: FeedbackStore(logger: logger),
            policy: trainingPolicy.feedback
        )
        outbox = OutboxService(database: database, groups: groups, store: outboxStore)
        calendars = CalendarService(
            database: database, store: CalendarStore(logger: logger), catalogue: catalogue, directory: directory, audit: audit
        )
        let certificateStore = CertificateStore(logger: logger)
        issuer = issuing.profile
        issuers = IssuerService(database: database, store: IssuerStore(logger: logger), secrets: SecretKeyFolder(issuing.keys),
                                configured: issuing.profile)
        certificates = CertificateService(database: database, store: certificateStore, certification: certification, directory: directory,
                                          schemes: schemes, audit: audit, issuers: issuers)
        verification = VerificationService(database: database, store: certificateStore, issuers: issuers)
    }
}

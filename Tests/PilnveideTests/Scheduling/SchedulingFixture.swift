import App
import Core
import Curriculum
import Database
import Directory
import Foundation
import Feedback
import Platform
import Scheduling
import TestSupport
import Training

/// An approved 8-hour course (two 4-hour modules, a pilot rule of two groups in two regions with at least
/// `pilotMinimum` each), a qualified trainer, a second trainer, and people to enrol.
struct SchedulingFixture {
    let services: Services
    let courseCode: String
    let lead: Person
    let coTrainer: Person
    let court: Organisation
    let tag: String

    var database: Database { services.database }
    var groups: GroupService { services.groups }
    var sessions: SessionService { services.sessions }
    var attendance: AttendanceService { services.attendance }
    var enrolments: EnrolmentService { services.enrolments }
    var qualifications: QualificationService { services.qualifications }
    var schedulePlans: SchedulePlanService { services.schedulePlans }
    var closings: GroupClosingService { services.closings }
    var trainingRecords: TrainingRecordService { services.trainingRecords }
    var trainingReports: TrainingReportService { services.trainingReports }
    var feedback: FeedbackService { services.feedback }
    var outbox: OutboxService { services.outbox }
    static let operatorActor = Principal.operator_("test")

    static func make(pilotMinimum: Int = 15, supervised: Bool = false) async throws -> SchedulingFixture {
        let services = try await Services(database: try FreshDatabase.current.database)
        let tag = String(UUID().uuidString.prefix(6))
        let code = "GRAFIKS-\(tag)"
        let text = CourseText.course(
            code: code, status: "approved",
            extra: """
            pilot: { groups: 2, regions: 2, minimum_participants: \(pilotMinimum) }
            trainer_qualification: { supervised_first_delivery: \(supervised) }
            """
        )
        _ = try await services.catalogue.importCatalogue(
            try CourseText.catalogue([("\(code.lowercased()).yaml", text)]), by: operatorActor
        )
        let directory = services.directory
        let court = try await directory.createOrganisation(
            OrganisationDraft(kind: "orphans_court", name: "Cēsu bāriņtiesa \(tag)", municipality: "Cēsis", region: "vidzeme"),
            by: operatorActor
        )
        let lead = try await directory.createPerson(PersonDraft(givenName: "Līva", familyName: "Trenere \(tag)", position: "trainer"), by: operatorActor).person
        let co = try await directory.createPerson(PersonDraft(givenName: "Kārlis", familyName: "Treneris \(tag)", position: "trainer"), by: operatorActor).person
        let qualifications = services.qualifications
        for trainer in [lead, co] {
            _ = try await qualifications.grant(personID: trainer.id, courseCode: code, fromVersion: 1, provisional: false,
                                               reason: "pieredzējis treneris", by: operatorActor)
        }
        return SchedulingFixture(services: services, courseCode: code, lead: lead, coTrainer: co, court: court, tag: tag)
    }

    /// A group of 10 of the fixture's course that meets online, led by the fixture's lead trainer.
    func onlineGroup(_ code: String, region: String) async throws -> Group {
        var draft = GroupDraft(code: code, courseCode: courseCode, courseVersion: 1, region: region, leadTrainerID: lead.id, capacity: 10)
        draft.online = true
        return try await groups.createGroup(draft, by: Self.operatorActor)
    }

    /// A signed-in caller for `person` with `roles` (a real account, as the audit trail refers to it).
    func caller(_ person: UUID, _ roles: Set<Role> = [], organisation: UUID? = nil) async throws -> Principal {
        let email = "\(person.uuidString.prefix(8).lowercased())-\(tag.lowercased())@example.lv"
        let caller = try await services.accounts.createAccount(
            email: email, personID: person, roles: roles, password: DirectoryFixture.password, by: Self.operatorActor
        )
        return .caller(caller)
    }

    /// A new person in a position, e.g. an inspector who then acts through `caller`.
    func person(_ given: String, position: Position, organisation: UUID? = nil) async throws -> Person {
        try await services.directory.createPerson(
            PersonDraft(givenName: given, familyName: "Persona \(tag)", position: position.rawValue, organisationID: organisation),
            by: Self.operatorActor
        ).person
    }

    /// `count` social workers of the fixture's court.
    func participants(_ count: Int, prefix: String = "Dalībnieks") async throws -> [UUID] {
        let rows = (0..<count).map { "\(prefix)\($0),\(tag),social_worker,\(court.name)" }
        _ = try await services.directory.importPeople(
            csv: "given_name,family_name,position,organisation\n" + rows.joined(separator: "\n"), by: Self.operatorActor
        )
        return try await database.withConnection { connection in
            try await connection.query(
                "SELECT id FROM people WHERE family_name = \(tag) AND given_name LIKE \(prefix + "%") ORDER BY given_name",
                logger: TestDatabase.logger
            ).decode(UUID.self).reduce(into: [UUID]()) { $0.append($1) }
        }
    }

    /// A group with two 4-hour sessions on `day` (09:00–12:00 covering module A and 13:00–16:00 covering B,
    /// Riga time), opened for registration.
    func openGroup(
        code: String? = nil, day: String = "2027-05-10", capacity: Int = 15, region: String = "vidzeme",
        venue: String? = nil, lead: UUID? = nil, co: [UUID] = [], pilot: Bool = false,
        configure: (inout GroupDraft) -> Void = { _ in }
    ) async throws -> Group {
        var draft = GroupDraft(
            code: code ?? "G-\(UUID().uuidString.prefix(8))", courseCode: courseCode, courseVersion: 1, region: region,
            leadTrainerID: lead ?? self.lead.id, capacity: capacity
        )
        draft.venue = venue ?? "Cēsu kultūras centrs, zāle \(UUID().uuidString.prefix(12))"
        draft.coTrainerIDs = co
        draft.pilot = pilot
        configure(&draft)
        let group = try await groups.createGroup(draft, by: Self.operatorActor)
        _ = try await sessions.addSession(to: group.id, .init(startsAt: "\(day)T09:00", endsAt: "\(day)T12:00", academicHours: 4, modules: ["A"]), by: Self.operatorActor)
        _ = try await sessions.addSession(to: group.id, .init(startsAt: "\(day)T13:00", endsAt: "\(day)T16:00", academicHours: 4, modules: ["B"]), by: Self.operatorActor)
        return try await groups.changeStatus(of: group.id, to: .open, reason: nil, by: Self.operatorActor)
    }

    /// Moves an open group on to in progress, as it would be once it has started.
    func start(_ group: Group) async throws {
        for status in [GroupStatus.confirmed, .inProgress] {
            _ = try await groups.changeStatus(of: group.id, to: status, reason: nil, by: Self.operatorActor)
        }
    }

    /// Marks everyone given at every live session of the group, after the sessions.
    func markAll(_ group: Group, _ marks: [UUID: AttendanceMark], now: Date) async throws {
        for session in group.liveSessions {
            _ = try await attendance.mark(group: group.id, session: session.id,
                                          marks.map { AttendanceEntry(personID: $0.key, mark: $0.value) }, by: Self.operatorActor, now: now)
        }
    }
}

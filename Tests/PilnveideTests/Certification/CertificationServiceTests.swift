import App
import Certification
import Core
import Curriculum
import Database
import Directory
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport
import Training

/// Schemes loaded into the database, statuses computed from real training records, decisions, overrides,
/// who sees what, and the audit trail the database keeps append-only.
@Suite(.freshDatabase) struct CertificationServiceTests {
    let op = Principal.operator_("test")

    func day(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    /// A scheme for orphan's court members: 16 hours of any training within 6 months, then 24 every 5 years.
    func scheme(code: String, version: Int = 1, validity: Int = 60) throws -> SchemeCatalogue {
        try SchemeCatalogue.check([("\(code.lowercased()).yaml", schemeText(code: code, version: version, validity: validity))],
                                  courses: SchemeFileTests.courses)
    }

    func schemeText(code: String, version: Int = 1, validity: Int = 60) -> String {
        SchemeFileTests.scheme([
            ("  courses: [PKP-BT-DARBINIEKI]\n", "  academic_hours: 16\n  external_training_counts: true\n"),
            ("  academic_hours: 24\n", "  academic_hours: 24\n  external_training_counts: true\n"),
            ("positions: [orphans_court_member]", "positions: [orphans_court_member]\n  organisation_kinds: [orphans_court]"),
            ("effective_from: 2027-01-01", "effective_from: 2020-01-01"),
            ("version: 1", "version: \(version)"),
            ("validity_months: 60", "validity_months: \(validity)"),
        ], code: code)
    }

    func setUp() async throws -> (Services, DirectoryFixture, String) {
        let database = try FreshDatabase.current.database
        let services = try await Services(database: database)
        let fixture = try await DirectoryFixture.make(in: database)
        let code = "TEST-\(UUID().uuidString.prefix(6))"
        _ = try await services.schemes.importSchemes(try scheme(code: code), by: op)
        _ = try await services.directory.updatePerson(id: fixture.memberA.personID, PersonChanges(positionStartedOn: "2026-03-01"), by: op)
        return (services, fixture, code)
    }

    /// Training done elsewhere for `person`, recorded by one officer and approved by another.
    func external(_ services: Services, _ fixture: DirectoryFixture, for person: UUID, hours: Double, on completed: String) async throws {
        let record = try await services.trainingRecords.recordExternal(
            .init(personID: person, provider: "Latvijas Universitāte", title: "Bērna tiesības \(completed)", academicHours: hours,
                  completedOn: completed, evidenceReference: "LU \(completed)"),
            by: .caller(fixture.officer), now: try RigaTime.instant(from: "2026-11-29T10:00")
        )
        _ = try await services.trainingRecords.approve(record.id, by: .caller(fixture.administrator))
    }

    func state(_ person: CertificationService.PersonStatus, _ code: String) -> CertificationStatus? {
        person.statuses.first { $0.schemeCode == code }
    }

    @Test func importingIsIdempotentAndAnApprovedVersionNeverChangesInPlace() async throws {
        let (services, fixture, code) = try await setUp()
        #expect(try await services.schemes.importSchemes(try scheme(code: code), by: op).map(\.change) == [.unchanged])
        await #expect(throws: ServiceError.forbidden("only inspectorate administrators import certification schemes")) {
            try await services.schemes.importSchemes(try scheme(code: code), by: .caller(fixture.officer))
        }
        do {
            _ = try await services.schemes.importSchemes(try scheme(code: code, validity: 36), by: op)
            Issue.record("an approved version changed in place")
        } catch let problems as FileProblems {
            #expect(problems.problems.map(\.message) == ["version 1 of \(code) is approved and its rule cannot change in place (only its source, assumptions and note may be corrected); give the changed scheme version 2"])
        }
        // Its documentation may be corrected: the citation is amended in place, audited with what it cited before.
        let corrected = try SchemeCatalogue.check(
            [("\(code.lowercased()).yaml", schemeText(code: code).replacingOccurrences(of: "document: \"Bāriņtiesu likums\"",
                                                                          with: "document: \"Bāriņtiesu likums (Saeima, 2006)\""))],
            courses: SchemeFileTests.courses)
        #expect(try await services.schemes.importSchemes(corrected, by: op).map(\.change) == [.documentationAmended])
        #expect(try await services.schemes.schemes().first { $0.code == code }?.source.document == "Bāriņtiesu likums (Saeima, 2006)")
        #expect(try await services.schemes.importSchemes(corrected, by: op).map(\.change) == [.unchanged])
        // A dry run of a new version writes nothing; the real import adds it beside the first, which stays.
        #expect(try await services.schemes.importSchemes(try scheme(code: code, version: 2, validity: 36), dryRun: true, by: op).map(\.change) == [.new])
        #expect(try await services.schemes.schemes().filter { $0.code == code }.count == 1)
        _ = try await services.schemes.importSchemes(try scheme(code: code, version: 2, validity: 36), by: op)
        let versions = try await services.schemes.schemes().filter { $0.code == code }
        #expect(versions.map(\.version) == [1, 2] && versions.map(\.validityMonths) == [60, 36])
        // The database itself keeps the approved version: its rule cannot change, it cannot go, only retire.
        try await FreshDatabase.current.database.withConnection { connection in
            for statement in ["UPDATE certification_scheme_versions SET effective_from = '2019-01-01' WHERE scheme_code = '\(code)' AND version = 1",
                              "UPDATE certification_scheme_versions SET definition = '{}' WHERE scheme_code = '\(code)' AND version = 1",
                              "UPDATE certification_scheme_versions SET status = 'draft' WHERE scheme_code = '\(code)' AND version = 1",
                              "DELETE FROM certification_scheme_versions WHERE scheme_code = '\(code)'",
                              "TRUNCATE certification_scheme_versions CASCADE"] {
                await #expect(throws: PSQLError.self, "\(statement)") {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
            let audited = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT details->>'change' FROM audit_events WHERE subject_id = '\(code)@1' ORDER BY id
                """), logger: TestDatabase.logger).collect().map { try $0.decode(String.self) }
            #expect(audited == ["new", "documentation amended"])
            // The database lets the documentation change, and nothing else of the definition.
            for (statement, allowed) in [
                ("UPDATE certification_scheme_versions SET definition = jsonb_set(definition, '{source,document}', '\"Bāriņtiesu likums\"') WHERE scheme_code = '\(code)' AND version = 1", true),
                ("UPDATE certification_scheme_versions SET definition = jsonb_set(definition, '{validityMonths}', '12') WHERE scheme_code = '\(code)' AND version = 1", false),
            ] {
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                    #expect(allowed, "\(statement)")
                } catch let error as PSQLError {
                    #expect(!allowed, "\(statement): \(String(reflecting: error))")
                }
            }
            try await connection.query(PostgresQuery(unsafeSQL: "UPDATE certification_scheme_versions SET status = 'retired' WHERE scheme_code = '\(code)' AND version = 1"),
                                       logger: TestDatabase.logger)
        }
        // The shipped schemes load too.
        let shipped = try SchemeCatalogue.load(from: InstallationLayout.locate().courses.appendingPathComponent("certification").path,
                                               courses: SchemeFileTests.courses)
        #expect(try await services.schemes.importSchemes(shipped, by: op).count == 4)
    }

    @Test func aPersonsStatusFollowsTheirTrainingRecords() async throws {
        let (services, fixture, code) = try await setUp()
        let me = Principal.caller(fixture.memberA)
        let before = try #require(state(try await services.certification.status(of: fixture.memberA.personID, by: me, on: day("2026-04-01")), code))
        #expect(before.state == .notStarted && before.missing == ["16 more academic hours from eligible courses by 2026-08-31"])
        try await external(services, fixture, for: fixture.memberA.personID, hours: 8, on: "2026-04-10")
        let halfway = try #require(state(try await services.certification.status(of: fixture.memberA.personID, by: me, on: day("2026-05-01")), code))
        #expect(halfway.state == .inProgress && halfway.missing == ["8 more academic hours from eligible courses by 2026-08-31"])
        try await external(services, fixture, for: fixture.memberA.personID, hours: 8, on: "2026-05-20")
        let certified = try #require(state(try await services.certification.status(of: fixture.memberA.personID, by: me, on: day("2026-06-01")), code))
        #expect(certified.state == .certified && certified.validUntil == day("2031-05-19"))
        #expect(certified.cycles[0].records.count == 2)
        // A record waiting for approval does not count.
        _ = try await services.trainingRecords.recordExternal(
            .init(personID: fixture.memberA.personID, provider: "RSU", title: "Vēl", academicHours: 24, completedOn: "2026-10-01",
                  evidenceReference: "RSU 1"), by: .caller(fixture.officer), now: try RigaTime.instant(from: "2026-11-29T10:00"))
        let still = try #require(state(try await services.certification.status(of: fixture.memberA.personID, by: me, on: day("2026-11-01")), code))
        #expect(still.missing == ["24 more academic hours from eligible courses by 2031-05-19"])
    }

    /// The directory's position history feeds the status: a move between covered posts keeps what the person
    /// holds; a move into a covered post starts the scheme on the day of the move, not before.
    @Test func aChangeOfPositionKeepsWhatIsHeldAndANewPostStartsItsOwnClock() async throws {
        let (services, fixture, code) = try await setUp()
        try await external(services, fixture, for: fixture.memberA.personID, hours: 16, on: "2026-04-10")
        _ = try await services.directory.updatePerson(id: fixture.memberA.personID,
                                                      PersonChanges(organisationID: fixture.courtB.id, positionStartedOn: "2026-09-01"), by: op)
        let moved = try #require(state(try await services.certification.status(of: fixture.memberA.personID, by: op, on: day("2026-10-01")), code))
        #expect(moved.state == .certified && moved.validUntil == day("2031-04-09") && moved.appliesFrom == day("2026-03-01"))

        // The trainer becomes a member of court A on 2026-10-01: nothing applied before, the initial deadline runs from the move.
        let trainer = fixture.trainer.personID
        _ = try await services.directory.updatePerson(id: trainer, PersonChanges(position: "orphans_court_member", organisationID: fixture.courtA.id,
                                                                                 positionStartedOn: "2026-10-01"), by: op)
        #expect(state(try await services.certification.status(of: trainer, by: op, on: day("2026-09-15")), code) == nil)
        let newcomer = try #require(state(try await services.certification.status(of: trainer, by: op, on: day("2026-10-02")), code))
        #expect(newcomer.state == .notStarted && newcomer.appliesFrom == day("2026-10-01"))
        #expect(newcomer.missing == ["16 more academic hours from eligible courses by 2027-03-31"])
    }

    @Test func eachSeesOnlyWhatTheirRoleAllows() async throws {
        let (services, fixture, code) = try await setUp()
        let mine = try await services.certification.status(of: fixture.memberA.personID, by: .caller(fixture.memberA), on: day("2026-04-01"))
        #expect(state(mine, code) != nil)
        await #expect(throws: ServiceError.forbidden("a person's certification is for them, their court's chairperson and the inspectorate")) {
            try await services.certification.status(of: fixture.memberA.personID, by: .caller(fixture.memberB))
        }
        // The chairperson of court A sees its staff, one by one and all together; not court B's.
        #expect(try await services.certification.status(of: fixture.memberA.personID, by: .caller(fixture.chairpersonA)).personID == fixture.memberA.personID)
        let court = try await services.certification.court(fixture.courtA.id, by: .caller(fixture.chairpersonA), on: day("2026-04-01"))
        #expect(Set(court.items.map(\.personID)) == [fixture.memberA.personID, fixture.chairpersonA.personID] && court.total == 2)
        // A page at a time, by name.
        let first = try await services.certification.court(fixture.courtA.id, page: try PageRequest(limit: 1, offset: 0), by: .caller(fixture.officer))
        let second = try await services.certification.court(fixture.courtA.id, page: try PageRequest(limit: 1, offset: 1), by: .caller(fixture.officer))
        #expect(first.items.count == 1 && second.items.count == 1 && first.total == 2 && second.total == 2)
        #expect([first.items[0], second.items[0]].map { "\($0.familyName) \($0.givenName)" } == court.items.map { "\($0.familyName) \($0.givenName)" })
        #expect(try await services.certification.court(fixture.courtA.id, page: try PageRequest(limit: 1, offset: 5), by: .caller(fixture.officer)).total == 2)
        await #expect(throws: ServiceError.self) { try await services.certification.court(fixture.courtB.id, by: .caller(fixture.chairpersonA)) }
        await #expect(throws: ServiceError.self) { try await services.certification.status(of: fixture.memberB.personID, by: .caller(fixture.chairpersonA)) }
        #expect(try await services.certification.court(fixture.courtB.id, by: .caller(fixture.officer)).items.map(\.personID) == [fixture.memberB.personID])
    }

    @Test func overridesAndDecisionsAreRecordedAndAuditedAndTheAuditTrailCannotBeChanged() async throws {
        let (services, fixture, code) = try await setUp()
        try await external(services, fixture, for: fixture.memberA.personID, hours: 16, on: "2026-04-10")
        await #expect(throws: ServiceError.forbidden("only inspectorate officers suspend, revoke or reinstate")) {
            try await services.certification.recordOverride(person: fixture.memberA.personID, scheme: code,
                                                            .init(kind: .suspended, from: day("2026-06-01"), reason: "x"), by: .caller(fixture.chairpersonA))
        }
        await #expect(throws: ServiceError.validation([FieldProblem("reason", "is required")])) {
            try await services.certification.recordOverride(person: fixture.memberA.personID, scheme: code,
                                                            .init(kind: .suspended, from: day("2026-06-01"), reason: " "), by: .caller(fixture.officer))
        }
        await #expect(throws: ServiceError.validation([FieldProblem("schemeCode", "\(code) asks for no decision")])) {
            try await services.certification.recordDecision(person: fixture.memberA.personID, scheme: code,
                                                            .init(date: day("2026-06-01"), passed: true, reference: "protokols Nr. 1"), by: .caller(fixture.officer))
        }
        let suspended = try await services.certification.recordOverride(
            person: fixture.memberA.personID, scheme: code, .init(kind: .suspended, from: day("2026-06-01"), reason: "disciplinārlieta"),
            by: .caller(fixture.officer), today: day("2026-07-01")
        )
        #expect(state(suspended, code)?.state == .suspended)

        let audit = try await services.auditLog.events(AuditFilter(action: "certification."), page: PageRequest(), by: .caller(fixture.administrator))
        #expect(audit.items.first?.action == "certification.suspended" && audit.items.first?.details["reason"] == "disciplinārlieta")
        #expect(audit.items.first?.subjectID == fixture.memberA.personID.uuidString)
        await #expect(throws: ServiceError.forbidden("the audit trail is for inspectorate administrators")) {
            try await services.auditLog.events(AuditFilter(), page: PageRequest(), by: .caller(fixture.officer))
        }
        for statement in ["UPDATE audit_events SET actor_label = 'someone else'", "DELETE FROM audit_events", "TRUNCATE audit_events CASCADE",
                          "DELETE FROM certification_overrides"] {
            await #expect(throws: PSQLError.self) {
                try await services.database.withConnection { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
        }
        #expect(try await services.auditLog.events(AuditFilter(action: "certification.suspended"), page: PageRequest(),
                                                   by: .caller(fixture.administrator)).total == 1)
    }
}

/// The daily pass reads everyone: its tests run one at a time, each with its records in place before it runs.
@Suite(.freshDatabase, .serialized) struct CertificationPassTests {
    let base = CertificationServiceTests()
    var op: Principal { base.op }
    func day(_ text: String) -> CalendarDate { base.day(text) }
    func setUp() async throws -> (Services, DirectoryFixture, String) { try await base.setUp() }
    func external(_ services: Services, _ fixture: DirectoryFixture, for person: UUID, hours: Double, on completed: String) async throws {
        try await base.external(services, fixture, for: person, hours: hours, on: completed)
    }

    @Test func remindersAreAddedOncePerCycleAlsoWhenTwoPassesRunAtOnce() async throws {
        let (services, fixture, code) = try await setUp()
        try await external(services, fixture, for: fixture.memberA.personID, hours: 16, on: "2026-04-10")  // valid until 2031-04-09
        let day = day("2031-03-01")
        async let first = services.certificationPass.run(on: day)
        async let second = services.certificationPass.run(on: day)
        let added = try await first.remindersAdded + second.remindersAdded
        // Other schemes of this suite may apply to them too: look at this one's.
        func mine() async throws -> [OutboxMessage] {
            try await services.outbox.outbox(unsentOnly: true).filter { $0.personID == fixture.memberA.personID && $0.subject.hasPrefix("\(code):") }
        }
        let outbox = try await mine()
        #expect(outbox.map(\.kind) == ["certification_expires_in_90_days"])
        #expect(added >= 1 && outbox[0].subject == "\(code): derīgs līdz 09.04.2031. / valid until 9 April 2031")
        // A later pass on the same day, or within the same cycle, adds nothing more for them.
        _ = try await services.certificationPass.run(on: day)
        _ = try await services.certificationPass.run(on: CalendarDate(iso8601: "2031-03-05")!)
        #expect(try await mine().count == 1)
        // A sender marks it delivered.
        #expect(try await services.outbox.markSent([outbox[0].id]) == [outbox[0].id])
        #expect(try await services.outbox.markSent([outbox[0].id]).isEmpty)
    }

    @Test func theNationalViewReadsWhatTheDailyPassSaved() async throws {
        let (services, fixture, code) = try await setUp()
        try await external(services, fixture, for: fixture.memberA.personID, hours: 16, on: "2026-04-10")  // valid until 2031-04-09
        let inspector = Principal.caller(fixture.officer)
        _ = try await services.certificationPass.run(on: day("2031-03-01"))
        // Other tests' people are members too: look at this fixture's courts.
        let counts = try await services.national.counts(scheme: code, by: inspector)
        #expect(counts.contains { $0.region == .riga && $0.position == .orphansCourtMember && $0.state == .windowOpen && $0.people >= 1 })
        // Per court: this fixture's courts are its own, so their counts are exact.
        let courts = try await services.national.counts(scheme: code, grouping: .court, by: inspector).filter { [fixture.courtA.id, fixture.courtB.id].contains($0.organisationID) }
        #expect(Set(courts.map { "\($0.organisationName ?? "?")/\($0.region?.rawValue ?? "?")/\($0.state.rawValue)=\($0.people)" })
                == ["\(fixture.courtA.name)/riga/window_open=1", "\(fixture.courtB.name)/kurzeme/expired=1"])
        #expect(courts.allSatisfy { $0.position == nil })
        let due = try await services.national.people(
            NationalFilter(schemeCode: code, organisationID: fixture.courtA.id, list: .due, dueWithinDays: 60, on: day("2031-03-01")),
            page: PageRequest(), by: inspector
        )
        #expect(due.page.items.map(\.personID) == [fixture.memberA.personID] && due.page.items[0].deadline == day("2031-04-09"))
        #expect(due.names[fixture.memberA.personID] == "Māra Bērziņa")
        let notYet = try await services.national.people(
            NationalFilter(schemeCode: code, organisationID: fixture.courtA.id, list: .due, dueWithinDays: 10, on: day("2031-03-01")),
            page: PageRequest(), by: inspector
        )
        #expect(notYet.page.total == 0)
        // Court B's member has done nothing: their initial deadline has long passed, and they are listed in Kurzeme.
        let never = try await services.national.people(NationalFilter(schemeCode: code, region: .kurzeme, organisationID: fixture.courtB.id, list: .expired),
                                                       page: PageRequest(), by: inspector)
        #expect(never.page.items.map(\.personID) == [fixture.memberB.personID])
        await #expect(throws: ServiceError.forbidden("the national view is the inspectorate's")) {
            try await services.national.counts(by: .caller(fixture.chairpersonA))
        }
    }

}

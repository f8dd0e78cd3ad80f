import App
import Core
import Database
import Directory
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport

/// The posts a person held, as the database keeps them from every change to the person: a move starts a new
/// post (dated today when no date is given), a date correction rewrites the current one.
@Suite(.freshDatabase) struct PositionHistoryTests {
    let op = Principal.operator_("test")

    func day(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    func spans(_ held: [PositionHeld]) -> [String] {
        held.map { "\($0.position.rawValue)@\($0.organisationName ?? "-") \($0.startedOn?.description ?? "…")–\($0.endedOn?.description ?? "")" }
    }

    @Test func movesStartNewPostsAndCorrectionsRewriteTheCurrentOne() async throws {
        let services = try await Services(database: try FreshDatabase.current.database)
        let fixture = try await DirectoryFixture.make(in: try FreshDatabase.current.database)
        let directory = services.directory
        let person = fixture.memberA.personID
        let a = fixture.courtA.name, b = fixture.courtB.name

        // Created without a start date: in post since before the directory knew her.
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == ["orphans_court_member@\(a) …–"])
        // Setting the date of the current post is a correction, not a move.
        _ = try await directory.updatePerson(id: person, PersonChanges(positionStartedOn: "2024-03-01"), by: op)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == ["orphans_court_member@\(a) 2024-03-01–"])
        // A move to another court with its date ends the first post the day before.
        _ = try await directory.updatePerson(id: person, PersonChanges(organisationID: fixture.courtB.id, positionStartedOn: "2025-09-01"), by: op)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == [
            "orphans_court_member@\(a) 2024-03-01–2025-08-31", "orphans_court_member@\(b) 2025-09-01–",
        ])
        // The date of the move was wrong: correcting it earlier moves the end of the post before it too…
        _ = try await directory.updatePerson(id: person, PersonChanges(positionStartedOn: "2025-08-15"), by: op)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == [
            "orphans_court_member@\(a) 2024-03-01–2025-08-14", "orphans_court_member@\(b) 2025-08-15–",
        ])
        // …and so does correcting it later: the posts still meet, with no gap that would restart her schemes.
        _ = try await directory.updatePerson(id: person, PersonChanges(positionStartedOn: "2025-09-10"), by: op)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == [
            "orphans_court_member@\(a) 2024-03-01–2025-09-09", "orphans_court_member@\(b) 2025-09-10–",
        ])
        // A start before the earlier post began swallows it: it is no longer listed.
        _ = try await directory.updatePerson(id: person, PersonChanges(positionStartedOn: "2024-01-01"), by: op)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == ["orphans_court_member@\(b) 2024-01-01–"])
        // A promotion with no date given is dated today, so the new post is not credited with the old one's time;
        // the audit trail records the date used.
        let promoted = try await directory.updatePerson(id: person, PersonChanges(position: "orphans_court_chairperson"), by: op)
        let today = CalendarDate.today()
        #expect(promoted.person.positionStartedOn == today)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == [
            "orphans_court_member@\(b) 2024-01-01–\(today.adding(days: -1))", "orphans_court_chairperson@\(b) \(today)–",
        ])
        let audit = try await services.auditLog.events(AuditFilter(action: "person.updated"), page: PageRequest(), by: .caller(fixture.administrator))
        #expect(audit.items.first { $0.subjectID == person.uuidString }?.details["positionStartedOn"] == today.description)
        // A change made in SQL, outside the application, is dated by the database the same way.
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query("UPDATE people SET position = 'orphans_court_member', position_started_on = NULL WHERE id = \(person)",
                                       logger: TestDatabase.logger)
        }
        #expect(spans(try await directory.positionHistory(of: person, by: op)).last == "orphans_court_member@\(b) \(today)–")
    }

    @Test func aMoveByImportIsRecordedTooAndAnUnchangedRowAddsNothing() async throws {
        let services = try await Services(database: try FreshDatabase.current.database)
        let fixture = try await DirectoryFixture.make(in: try FreshDatabase.current.database)
        let csv = { (position: String, started: String) in
            "given_name,family_name,personal_code,email,position,organisation,position_started_on\n"
                + "Ilze,Ozoliņa,150775-12349,ilze.ozolina@example.lv,\(position),\(fixture.courtA.name),\(started)\n"
        }
        #expect(try await services.directory.importPeople(csv: csv("orphans_court_employee", "2023-01-09"), by: op) == ImportSummary(created: 1))
        #expect(try await services.directory.importPeople(csv: csv("orphans_court_employee", "2023-01-09"), by: op) == ImportSummary(unchanged: 1))
        #expect(try await services.directory.importPeople(csv: csv("orphans_court_member", "2025-06-01"), by: op) == ImportSummary(updated: 1))
        // A row that moves her without a date dates the move on the day of the import; the same row again changes nothing.
        #expect(try await services.directory.importPeople(csv: csv("orphans_court_deputy_chairperson", ""), by: op) == ImportSummary(updated: 1))
        #expect(try await services.directory.importPeople(csv: csv("orphans_court_deputy_chairperson", ""), by: op) == ImportSummary(unchanged: 1))
        let ilze = try #require(try await services.directory.people(PersonFilter(text: "ozoliņa"), page: PageRequest(), by: op).items.first)
        let today = CalendarDate.today()
        #expect(spans(try await services.directory.positionHistory(of: ilze.person.id, by: op)) == [
            "orphans_court_employee@\(fixture.courtA.name) 2023-01-09–2025-05-31",
            "orphans_court_member@\(fixture.courtA.name) 2025-06-01–\(today.adding(days: -1))",
            "orphans_court_deputy_chairperson@\(fixture.courtA.name) \(today)–",
        ])
    }

    @Test func onlyThoseWhoMayReadThePersonSeeTheirPosts() async throws {
        let services = try await Services(database: try FreshDatabase.current.database)
        let fixture = try await DirectoryFixture.make(in: try FreshDatabase.current.database)
        #expect(try await services.directory.positionHistory(of: fixture.memberA.personID, by: .caller(fixture.memberA)).count == 1)
        #expect(try await services.directory.positionHistory(of: fixture.memberA.personID, by: .caller(fixture.chairpersonA)).count == 1)
        await #expect(throws: ServiceError.forbidden("you may not read this person's record")) {
            try await services.directory.positionHistory(of: fixture.memberA.personID, by: .caller(fixture.memberB))
        }
        await #expect(throws: ServiceError.notFound("no person has id 00000000-0000-0000-0000-000000000000")) {
            try await services.directory.positionHistory(of: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, by: op)
        }
    }
}

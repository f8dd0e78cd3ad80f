import App
import Core
import Database
import Directory
import Foundation
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
        _ = try await directory.updatePerson(id: person, PersonChanges(organisationID: fixture.courtB.id, positionStartedOn: "2026-09-01"), by: op)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == [
            "orphans_court_member@\(a) 2024-03-01–2026-08-31", "orphans_court_member@\(b) 2026-09-01–",
        ])
        // The date of the move was wrong: correcting it moves the end of the post before it too.
        _ = try await directory.updatePerson(id: person, PersonChanges(positionStartedOn: "2026-08-15"), by: op)
        #expect(spans(try await directory.positionHistory(of: person, by: op)) == [
            "orphans_court_member@\(a) 2024-03-01–2026-08-14", "orphans_court_member@\(b) 2026-08-15–",
        ])
        // A promotion with no date given is dated today, so the new post is not credited with the old one's time.
        let promoted = try await directory.updatePerson(id: person, PersonChanges(position: "orphans_court_chairperson"), by: op)
        let today = CalendarDate.today()
        #expect(promoted.person.positionStartedOn == today)
        #expect(spans(try await directory.positionHistory(of: person, by: op)).suffix(2) == [
            "orphans_court_member@\(b) 2026-08-15–\(today.adding(days: -1))", "orphans_court_chairperson@\(b) \(today)–",
        ])
    }

    @Test func aMoveByImportIsRecordedTooAndAnUnchangedRowAddsNothing() async throws {
        let services = try await Services(database: try FreshDatabase.current.database)
        let fixture = try await DirectoryFixture.make(in: try FreshDatabase.current.database)
        let csv = { (position: String, started: String) in
            "given_name,family_name,personal_code,email,position,organisation,position_started_on\n"
                + "Ilze,Ozoliņa,150775-12349,ilze.ozolina@example.lv,\(position),\(fixture.courtA.name),\(started)\n"
        }
        _ = try await services.directory.importPeople(csv: csv("orphans_court_employee", "2023-01-09"), by: op)
        _ = try await services.directory.importPeople(csv: csv("orphans_court_employee", "2023-01-09"), by: op)
        _ = try await services.directory.importPeople(csv: csv("orphans_court_member", "2025-06-01"), by: op)
        let ilze = try #require(try await services.directory.people(PersonFilter(text: "ozoliņa"), page: PageRequest(), by: op).items.first)
        #expect(spans(try await services.directory.positionHistory(of: ilze.person.id, by: op)) == [
            "orphans_court_employee@\(fixture.courtA.name) 2023-01-09–2025-05-31", "orphans_court_member@\(fixture.courtA.name) 2025-06-01–",
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

import App
import Certification
import Core
import Directory
import Foundation
import PostgresNIO
import Testing
import TestSupport

/// The draft rule's impact on a small population checked by hand, computed without writing anything.
@Suite(.freshDatabase) struct ImpactPreviewTests {
    @Test func aDraftSchemeIsComparedWithTheOneInForceWritingNothing() async throws {
        let database = try FreshDatabase.current.database
        let services = try await Services(database: database)
        let fixture = try await DirectoryFixture.make(in: database)
        let op = Principal.operator_("test")
        let tag = String(UUID().uuidString.prefix(4))
        let (current, draft) = ("CUR-\(tag)", "NEW-\(tag)")
        func text(_ code: String, validity: Int, hours: Int, status: String, from: String, replaces: String? = nil) -> String {
            SchemeFileTests.scheme([
                ("  courses: [PKP-BT-DARBINIEKI]\n", "  academic_hours: 16\n  external_training_counts: true\n"),
                ("  academic_hours: 24\n", "  academic_hours: \(hours)\n  external_training_counts: true\n"),
                ("positions: [orphans_court_member]", "positions: [orphans_court_chairperson, orphans_court_member]"),
                ("status: approved", "status: \(status)" + (replaces.map { "\nreplaces: \($0)" } ?? "")),
                ("effective_from: 2027-01-01", "effective_from: \(from)"),
                ("validity_months: 60", "validity_months: \(validity)"),
            ], code: code)
        }
        _ = try await services.schemes.importSchemes(try SchemeCatalogue.check([
            ("\(current.lowercased()).yaml", text(current, validity: 60, hours: 24, status: "approved", from: "2020-01-01")),
            ("\(draft.lowercased()).yaml", text(draft, validity: 24, hours: 8, status: "draft", from: "2027-07-01", replaces: current)),
        ], courses: SchemeFileTests.courses), by: op)
        _ = try await services.directory.updatePerson(id: fixture.memberA.personID, PersonChanges(positionStartedOn: "2026-03-01"), by: op)
        for (person, completed) in [(fixture.memberA.personID, "2026-04-10"), (fixture.memberB.personID, "2021-05-01")] {
            let record = try await services.trainingRecords.recordExternal(
                .init(personID: person, provider: "LU", title: "Bērna tiesības", academicHours: 16, completedOn: completed, evidenceReference: "LU \(completed)"),
                by: .caller(fixture.officer), now: try RigaTime.instant(from: "2026-11-29T10:00"))
            _ = try await services.trainingRecords.approve(record.id, by: .caller(fixture.administrator))
        }
        func counts() async throws -> [Int] {
            try await database.withConnection { connection in
                var result: [Int] = []
                for table in ["notification_outbox", "certification_status_snapshots", "audit_events", "certification_scheme_versions"] {
                    result.append(try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"), logger: TestDatabase.logger)
                        .decode(Int.self).reduce(0) { $1 })
                }
                return result
            }
        }
        let before = try await counts()
        let day = CalendarDate(iso8601: "2027-08-01")!
        let preview = try await services.impactPreviews.preview(code: draft, version: 1, on: day, by: .caller(fixture.officer))
        #expect(try await counts() == before)

        // By hand: Māra (16 h in 2026) is compliant under both; Baiba (16 h in 2021) expired under the rule in
        // force but, her training too old for the draft's look-back, is due by 2027-12-31 under the draft; the
        // chairperson, with nothing, is non-compliant now and due under the draft.
        #expect(preview.comparedWith == current && preview.people.count == 3)
        #expect(preview.totals[.compliant]?.proposed == 1 && preview.totals[.compliant]?.current == 1)
        #expect(preview.totals[.due]?.proposed == 2 && preview.totals[.due]?.current == 0)
        #expect(preview.totals[.nonCompliant]?.current == 2 && preview.totals[.nonCompliant]?.proposed == 0)
        let baiba = try #require(preview.people.first { $0.personID == fixture.memberB.personID })
        #expect(baiba.current?.state == .expired && baiba.proposed?.state == .notStarted && baiba.proposed?.deadline == CalendarDate(iso8601: "2027-12-31"))
        let mara = try #require(preview.people.first { $0.personID == fixture.memberA.personID })
        #expect(mara.proposed?.validUntil == CalendarDate(iso8601: "2028-04-09") && mara.current?.validUntil == CalendarDate(iso8601: "2031-04-09"))
        #expect(preview.groups[.init(region: .kurzeme, organisationID: fixture.courtB.id, position: .orphansCourtMember, proposed: .due, current: .nonCompliant)] == 1)

        await #expect(throws: ServiceError.conflict("\(current) version 1 is in force; the preview is for rules not yet in force")) {
            try await services.impactPreviews.preview(code: current, version: 1, on: day, by: .caller(fixture.officer))
        }
        await #expect(throws: ServiceError.validation([FieldProblem("on", "choose a day on or after 2027-07-01, when the version would take effect")])) {
            try await services.impactPreviews.preview(code: draft, version: 1, on: CalendarDate(iso8601: "2027-06-30")!, by: .caller(fixture.officer))
        }
        await #expect(throws: ServiceError.forbidden("the impact preview is the inspectorate's")) {
            try await services.impactPreviews.preview(code: draft, version: 1, on: day, by: .caller(fixture.chairpersonA))
        }
    }
}

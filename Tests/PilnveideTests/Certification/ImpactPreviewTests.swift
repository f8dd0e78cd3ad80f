import App
import Certification
import Core
import Directory
import Foundation
import Platform
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
                // Everyone in post owes the draft's initial requirement here (the transitions have a test of their own).
                ("status: approved", "status: \(status)" + (replaces.map { "\nreplaces: \($0)\nin_post_before_start: initial_requirement" } ?? "")),
                ("effective_from: 2027-01-01", "effective_from: \(from)"),
                ("validity_months: 60", "validity_months: \(validity)"),
            ], code: code)
        }
        _ = try await services.schemes.importSchemes(try SchemeCatalogue.check([
            ("\(current.lowercased()).yaml", text(current, validity: 60, hours: 24, status: "approved", from: "2020-01-01")),
            ("\(draft.lowercased()).yaml", text(draft, validity: 24, hours: 8, status: "draft", from: "2027-07-01", replaces: current)),
        ], courses: SchemeFileTests.courses), by: op)
        _ = try await services.directory.updatePerson(id: fixture.memberA.personID, PersonChanges(positionStartedOn: "2026-03-01"), by: op)
        try await Self.approvedTraining([(fixture.memberA.personID, "2026-04-10", 16), (fixture.memberB.personID, "2021-05-01", 16)],
                                        services: services, fixture: fixture)
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

extension ImpactPreviewTests {
    /// Training done elsewhere, recorded by an officer and approved by an administrator, so it counts.
    static func approvedTraining(_ entries: [(person: UUID, completed: String, hours: Int)], services: Services, fixture: DirectoryFixture) async throws {
        for (person, completed, hours) in entries {
            let record = try await services.trainingRecords.recordExternal(
                .init(personID: person, provider: "LU", title: "Bērna tiesības", academicHours: Double(hours), completedOn: completed,
                      evidenceReference: "LU \(completed) \(hours)"),
                by: .caller(fixture.officer), now: try RigaTime.instant(from: "2026-11-29T10:00"))
            _ = try await services.trainingRecords.approve(record.id, by: .caller(fixture.administrator))
        }
    }
}

/// Beside each count, how many moved because of the draft's transition for people in post and how many because
/// of its rule: the amnesty of a first cycle shows as the transition's, carrying over removes it.
@Suite(.freshDatabase) struct ImpactPreviewTransitionTests {
    @Test func eachCountSaysHowManyMovedBecauseOfTheTransitionAndHowManyBecauseOfTheRule() async throws {
        let database = try FreshDatabase.current.database
        let services = try await Services(database: database)
        let fixture = try await DirectoryFixture.make(in: database)
        let op = Principal.operator_("test")
        let tag = String(UUID().uuidString.prefix(4))
        let current = "CUR-\(tag)"
        // The rule in force covers chairpersons and members: 16 hours within 6 months, then 24 every 5 years.
        let inForce = SchemeFileTests.scheme([
            ("  courses: [PKP-BT-DARBINIEKI]\n", "  academic_hours: 16\n  external_training_counts: true\n"),
            ("  academic_hours: 24\n", "  academic_hours: 24\n  external_training_counts: true\n"),
            ("positions: [orphans_court_member]", "positions: [orphans_court_chairperson, orphans_court_member]"),
            ("effective_from: 2027-01-01", "effective_from: 2020-01-01"),
        ], code: current)
        // Two drafts from 2027-07-01 cover members only: 8 hours every 2 years; one carries standing over (the
        // default for a replacing scheme), the other starts everyone in post on a first cycle.
        func draft(_ code: String, transition: String?) -> String {
            SchemeFileTests.scheme([
                ("  courses: [PKP-BT-DARBINIEKI]\n", "  academic_hours: 16\n  external_training_counts: true\n"),
                ("  academic_hours: 24\n", "  academic_hours: 8\n  external_training_counts: true\n"),
                ("status: approved", "status: draft\nreplaces: \(current)" + (transition.map { "\nin_post_before_start: \($0)" } ?? "")),
                ("effective_from: 2027-01-01", "effective_from: 2027-07-01"),
                ("validity_months: 60", "validity_months: 24"),
            ], code: code)
        }
        let (carrying, amnesty) = ("CO-\(tag)", "FC-\(tag)")
        _ = try await services.schemes.importSchemes(try SchemeCatalogue.check([
            ("\(current.lowercased()).yaml", inForce),
            ("\(carrying.lowercased()).yaml", draft(carrying, transition: nil)),
            ("\(amnesty.lowercased()).yaml", draft(amnesty, transition: "first_cycle")),
        ], courses: SchemeFileTests.courses), by: op)
        // Māra: started 2026-03-01, 16 hours in April: certified to 2031-04-09 under both rules.
        // Baiba: in post all along, 16 hours in 2021 (certified to 2026-04-30), then 8 in January 2026: short of the
        // 24 the rule in force asks.
        // The chairperson: never trained, overdue under the rule in force; no draft covers chairpersons.
        _ = try await services.directory.updatePerson(id: fixture.memberA.personID, PersonChanges(positionStartedOn: "2026-03-01"), by: op)
        try await ImpactPreviewTests.approvedTraining(
            [(fixture.memberA.personID, "2026-04-10", 16), (fixture.memberB.personID, "2021-05-01", 16), (fixture.memberB.personID, "2026-01-10", 8)],
            services: services, fixture: fixture)
        let day = CalendarDate(iso8601: "2027-08-01")!
        typealias Count = ImpactPreview.Count

        // Carrying over: nobody moves because of the transition. Baiba stays overdue (her 8 hours came before the
        // draft, and nobody gains standing on its first day); the chairperson moves because the draft does not cover her.
        let carried = try await services.impactPreviews.preview(code: carrying, version: 1, on: day, by: .caller(fixture.officer))
        #expect(carried.people.count == 3)
        #expect(carried.totals[.compliant] == Count(proposed: 1, current: 1, movedByTransition: 0, movedByRule: 0))
        #expect(carried.totals[.nonCompliant] == Count(proposed: 1, current: 2, movedByTransition: 0, movedByRule: 0))
        #expect(carried.totals[.notCovered] == Count(proposed: 1, current: 0, movedByTransition: 0, movedByRule: 1))
        #expect(carried.totals[.due] == nil)
        let baiba = try #require(carried.people.first { $0.personID == fixture.memberB.personID })
        #expect(baiba.movedBecauseOf == nil && baiba.proposed?.state == .expired && baiba.proposed?.validUntil == CalendarDate(iso8601: "2026-04-30"))
        #expect(baiba.proposed?.carriedFrom?.state == .expired && baiba.current?.state == .expired)
        let mara = try #require(carried.people.first { $0.personID == fixture.memberA.personID })
        #expect(mara.movedBecauseOf == nil && mara.proposed?.validUntil == CalendarDate(iso8601: "2031-04-09") && mara.proposed?.restsOnTransition == true)

        // A first cycle for everyone in post: Baiba's standing now rests on the transition alone.
        let fresh = try await services.impactPreviews.preview(code: amnesty, version: 1, on: day, by: .caller(fixture.officer))
        #expect(fresh.totals[.compliant] == Count(proposed: 2, current: 1, movedByTransition: 1, movedByRule: 0))
        #expect(fresh.totals[.nonCompliant] == Count(proposed: 0, current: 2, movedByTransition: 0, movedByRule: 0))
        #expect(fresh.totals[.notCovered] == Count(proposed: 1, current: 0, movedByTransition: 0, movedByRule: 1))
        #expect(fresh.people.first { $0.personID == fixture.memberB.personID }?.movedBecauseOf == .transition)
        #expect(fresh.people.first { $0.personID == fixture.memberA.personID }?.proposed?.validUntil == CalendarDate(iso8601: "2029-06-30"))

        // The CSV says the same, person by person.
        let csv = ImpactPreviewCSV.text(fresh)
        #expect(csv.hasPrefix("\u{FEFF}person_id,name,organisation_id,region,position,proposed,proposed_state,proposed_deadline,current,current_state,current_deadline,moved_because_of"))
        #expect(csv.contains("\(fixture.memberB.personID.lowercasedString),") && csv.components(separatedBy: "\r\n").filter { $0.hasSuffix(",transition") }.count == 1)
    }
}

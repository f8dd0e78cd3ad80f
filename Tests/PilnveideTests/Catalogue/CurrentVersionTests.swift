import App
import Core
import Curriculum
import Foundation
import Platform
import Testing
import TestSupport

/// The current version of a course, written once (`CurrentVersion`) and asked by both the list and the detail.
@Suite struct CurrentVersionTests {
    struct Version: CourseVersionFacts, Equatable {
        let versionNumber: Int
        let versionStatus: CourseDefinition.Status
        let effectiveFrom: CalendarDate
        let effectiveUntil: CalendarDate?
    }

    func day(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    @Test func theNewestApprovedVersionInForceWins() {
        let v1 = Version(versionNumber: 1, versionStatus: .approved, effectiveFrom: day("2026-01-01"), effectiveUntil: day("2026-12-31"))
        let v2 = Version(versionNumber: 2, versionStatus: .approved, effectiveFrom: day("2027-01-01"), effectiveUntil: nil)
        let v3 = Version(versionNumber: 3, versionStatus: .draft, effectiveFrom: day("2027-01-01"), effectiveUntil: nil)
        #expect(CurrentVersion.pick(from: [v1, v2, v3], on: day("2026-12-31")) == v1)
        #expect(CurrentVersion.pick(from: [v3, v2, v1], on: day("2027-01-01")) == v2)
    }

    @Test func withoutOneInForceAnApprovedThenALiveThenAnyVersion() {
        let future = Version(versionNumber: 1, versionStatus: .approved, effectiveFrom: day("2030-01-01"), effectiveUntil: nil)
        let draft = Version(versionNumber: 2, versionStatus: .draft, effectiveFrom: day("2026-01-01"), effectiveUntil: nil)
        let retired = Version(versionNumber: 3, versionStatus: .retired, effectiveFrom: day("2026-01-01"), effectiveUntil: nil)
        #expect(CurrentVersion.pick(from: [future, draft, retired], on: day("2027-01-01")) == future)
        #expect(CurrentVersion.pick(from: [draft, retired], on: day("2027-01-01")) == draft)
        #expect(CurrentVersion.pick(from: [retired], on: day("2027-01-01")) == retired)
        #expect(CurrentVersion.pick(from: [Version](), on: day("2027-01-01")) == nil)
    }
}

/// Around midnight in Riga the list and the detail agree on the current version: both use Riga's date, even
/// when UTC (and the database's session time zone) is still on the day before.
@Suite(.freshDatabase) struct CurrentVersionAtMidnightTests {
    @Test func listAndDetailAgreeJustAfterMidnightInRiga() async throws {
        let services = try await Services(database: try FreshDatabase.current.database)
        let code = "PUSNAKTS-\(UUID().uuidString.prefix(4))".uppercased()
        let file = "\(code.lowercased()).yaml"
        // Version 2 takes effect on 2027-01-01; version 1 ended the day before.
        let v1 = CourseText.course(code: code, status: "approved", title: "Pusnakts \(code)", extra: "effective_until: 2026-12-31")
            .replacingOccurrences(of: "effective_from: 2027-01-01", with: "effective_from: 2026-01-01")
        let v2 = CourseText.course(code: code, version: 2, status: "approved", title: "Pusnakts \(code)")
        _ = try await services.catalogue.importCatalogue(try CourseText.catalogue([(file, v1)]), by: .operator_("test"))
        _ = try await services.catalogue.importCatalogue(try CourseText.catalogue([(file, v2)]), by: .operator_("test"))

        // 00:30 in Riga on 1 January is 22:30 UTC on 31 December.
        let justAfterMidnight = try RigaTime.instant(from: "2027-01-01T00:30")
        let justBefore = try RigaTime.instant(from: "2026-12-31T23:30")
        for (now, expected) in [(justBefore, 1), (justAfterMidnight, 2)] {
            let detail = try await services.catalogue.course(code: code, now: now)
            let listed = try await services.catalogue.courses(CourseFilter(text: code), page: try PageRequest(), now: now)
            #expect(detail.current.definition.version == expected)
            #expect(listed.items.map(\.version) == [expected])
        }
    }
}

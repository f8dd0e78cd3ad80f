import App
import Core
import Database
import Directory
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport

@Suite(.freshDatabase) struct DirectoryImportTests {
    func count(_ table: String, where condition: String = "true") async throws -> Int {
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) WHERE \(condition)"),
                                       logger: TestDatabase.logger).collect()[0].decode(Int.self)
        }
    }

    @Test func importsCourtsAndTheSameFileAgainChangesNothing() async throws {
        let directory = try await Services(database: try FreshDatabase.current.database).directory
        let csv = """
            name,municipality,region
            Ādažu novada bāriņtiesa,Ādažu novads,Rīga
            "Ludzas novada bāriņtiesa",Ludzas novads,latgale
            Jelgavas valstspilsētas bāriņtiesa,Jelgava,ZEMGALE
            """
        #expect(try await directory.importOrganisations(csv: csv, by: .operator_("test")) == ImportSummary(created: 3))
        #expect(try await directory.importOrganisations(csv: csv, by: .operator_("test")) == ImportSummary(unchanged: 3))
        let ludza = try await directory.organisations(OrganisationFilter(text: "ludzas"), page: try PageRequest())
        #expect(ludza.items.map(\.region) == [.latgale])
        #expect(ludza.items.map(\.kind) == [.orphansCourt])
    }

    @Test func oneBadRowImportsNothingAndNamesTheRow() async throws {
        let directory = try await Services(database: try FreshDatabase.current.database).directory
        let csv = """
            name,municipality,region
            Cēsu novada bāriņtiesa,Cēsu novads,vidzeme
            Tukuma novada bāriņtiesa,Tukuma novads,Mars
            Talsu novada bāriņtiesa,,kurzeme
            """
        await #expect(throws: FileProblems([
            .init(line: 3, message: "region: must be one of kurzeme, latgale, riga, vidzeme, zemgale"),
            .init(line: 4, message: "municipality: is required for an orphan's court"),
        ])) {
            try await directory.importOrganisations(csv: csv, by: .operator_("test"))
        }
        #expect(try await count("organisations", where: "name LIKE 'Cēsu%'") == 0)
    }

    @Test func importsPeopleByOrganisationNameAndUpdatesThemByPersonalCode() async throws {
        let directory = try await Services(database: try FreshDatabase.current.database).directory
        _ = try await directory.importOrganisations(
            csv: "name,municipality,region\nSiguldas novada bāriņtiesa,Siguldas novads,vidzeme\n", by: .operator_("test")
        )
        let first = """
            given_name,family_name,personal_code,email,position,organisation,position_started_on
            Ilze,Ozoliņa,150775-12349,ilze.ozolina@example.lv,orphans_court_member,Siguldas novada bāriņtiesa,2024-03-01
            Jānis,Kalniņš,,janis.kalnins@example.lv,orphans_court_employee,Siguldas novada bāriņtiesa,
            """
        #expect(try await directory.importPeople(csv: first, by: .operator_("test")) == ImportSummary(created: 2))
        let moved = first.replacingOccurrences(of: "orphans_court_member", with: "orphans_court_chairperson")
        #expect(try await directory.importPeople(csv: moved, by: .operator_("test")) == ImportSummary(updated: 1, unchanged: 1))
        #expect(try await count("people", where: "personal_code = '15077512349' AND position = 'orphans_court_chairperson'") == 1)

        // A later file without codes or e-mails does not erase them.
        let partial = "given_name,family_name,email,position\nIlze,Ozoliņa,ilze.ozolina@example.lv,orphans_court_chairperson\n"
        #expect(try await directory.importPeople(csv: partial, by: .operator_("test")) == ImportSummary(unchanged: 1))
        #expect(try await count("people", where: "personal_code = '15077512349'") == 1)
    }

    @Test func peopleRowsAreCheckedAllBeforeAnyIsImported() async throws {
        let directory = try await Services(database: try FreshDatabase.current.database).directory
        let csv = """
            given_name,family_name,personal_code,email,position,organisation
            Laura,Liepa,050505-10002,laura@example.lv,social_worker,
            Pēteris,Priede,050505-10003,peteris@example.lv,social_worker,
            Rita,Rože,,rita@example.lv,astronaut,
            Sanita,Sila,,sanita@example.lv,social_worker,Nav tādas bāriņtiesas
            Laura,Liepa,050505-10002,laura2@example.lv,social_worker,
            """
        await #expect(throws: FileProblems([
            .init(line: 3, message: "personal_code: the personal code's check digit does not match"),
            .init(line: 4, message: "position: must be one of \(Position.allCases.map(\.rawValue).joined(separator: ", "))"),
            .init(line: 5, message: "organisation: no organisation is named 'Nav tādas bāriņtiesas'"),
            .init(line: 6, message: "the same personal code appears already on line 2"),
        ])) {
            try await directory.importPeople(csv: csv, by: .operator_("test"))
        }
        #expect(try await count("people", where: "email = 'laura@example.lv'") == 0)
    }

    @Test func importsAreAudited() async throws {
        let directory = try await Services(database: try FreshDatabase.current.database).directory
        _ = try await directory.importOrganisations(
            csv: "name,municipality,region\nValmieras novada bāriņtiesa,Valmieras novads,vidzeme\n", by: .operator_("auditor")
        )
        #expect(try await count("audit_events", where: "action = 'organisation.imported' AND actor_label = 'cli:auditor'") == 1)
    }
}

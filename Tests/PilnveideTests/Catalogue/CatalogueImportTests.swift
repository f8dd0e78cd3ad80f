import App
import Core
import Curriculum
import Database
import Directory
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport

@Suite(.freshDatabase) struct CatalogueImportTests {
    let operatorActor = Principal.operator_("test")

    func service() async throws -> CatalogueService { try await Services(database: try FreshDatabase.current.database).catalogue }

    /// A course code unique to one test, since the suite's tests share a database.
    func uniqueCode(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(6))".uppercased() }

    func versionCount(_ code: String) async throws -> Int {
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query("SELECT count(*) FROM course_versions WHERE course_code = \(code)", logger: TestDatabase.logger)
                .collect()[0].decode(Int.self)
        }
    }

    @Test func theShippedCatalogueImportsAndAgainChangesNothing() async throws {
        let catalogue = try CourseCatalogue.load(from: ShippedCatalogueTests.folder)
        let first = try await service().importCatalogue(catalogue, by: operatorActor)
        #expect(first.entries.count == 9)
        #expect(first.entries.allSatisfy { $0.change == .newCourse })
        let second = try await service().importCatalogue(catalogue, by: operatorActor)
        #expect(second.changedCount == 0)
        let crc = try await service().course(code: "ANO-BTK-LIDZDALIBA")
        #expect(crc.current.definition.academicHours == 16)
        #expect(crc.current.definition.title.lv == "ANO Bērnu tiesību konvencija: bērna līdzdalība un viedokļa noskaidrošana")
    }

    @Test func aHigherVersionIsANewVersionAndTheOldOneStays() async throws {
        let code = uniqueCode("KURSS")
        let file = "\(code.lowercased()).yaml"
        _ = try await service().importCatalogue(try CourseText.catalogue([(file, CourseText.course(code: code))]), by: operatorActor)
        let revised = CourseText.course(code: code, version: 2, title: "Pārskatīts pēc pilotgrupu atsauksmēm")
        let report = try await service().importCatalogue(try CourseText.catalogue([(file, revised)]), by: operatorActor)
        #expect(report.entries.map(\.change) == [.newVersion(previous: 1)])
        #expect(try await versionCount(code) == 2)
        #expect(try await service().version(code: code, version: 1).definition.title.lv == "Pārbaudes kurss: ā č ē ģ ī ķ ļ ņ š ū ž")
    }

    @Test func aChangedDraftIsUpdatedInPlaceButAnApprovedOneIsRefused() async throws {
        let code = uniqueCode("KURSS")
        let file = "\(code.lowercased()).yaml"
        _ = try await service().importCatalogue(try CourseText.catalogue([(file, CourseText.course(code: code))]), by: operatorActor)
        let edited = CourseText.course(code: code, title: "Labots nosaukums")
        #expect(try await service().importCatalogue(try CourseText.catalogue([(file, edited)]), by: operatorActor).entries.map(\.change) == [.updatedInPlace])
        #expect(try await versionCount(code) == 1)

        _ = try await service().approve(code: code, version: 1, by: operatorActor)
        let again = CourseText.course(code: code, title: "Vēlreiz labots")
        await #expect(throws: FileProblems([FileProblem(
            file: file, line: CourseText.line(of: "version: 1", in: again),
            message: "version 1 of \(code) is approved and cannot change in place; give the changed course version 2"
        )])) {
            try await service().importCatalogue(try CourseText.catalogue([(file, again)]), by: operatorActor)
        }
    }

    @Test func aVersionThatGroupsUseIsNeverModifiedAndTheGroupsAreNamed() async throws {
        let code = uniqueCode("KURSS")
        let file = "\(code.lowercased()).yaml"
        _ = try await service().importCatalogue(try CourseText.catalogue([(file, CourseText.course(code: code, status: "approved"))]), by: operatorActor)
        let groupCode = "PILOTS-\(code)"
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(
                """
                INSERT INTO delivery_groups (code, course_version_id)
                SELECT \(groupCode), id FROM course_versions WHERE course_code = \(code) AND version = 1
                """,
                logger: TestDatabase.logger
            )
        }
        let changed = CourseText.course(code: code, status: "approved", hours: 10)
        let other = uniqueCode("CITS")
        let otherFile = CourseText.course(code: other)
        await #expect(throws: FileProblems([FileProblem(
            file: file, line: CourseText.line(of: "version: 1", in: changed),
            message: "version 1 of \(code) is used by groups \(groupCode) and cannot change; give the changed course version 2"
        )])) {
            try await service().importCatalogue(try CourseText.catalogue([(file, changed), ("\(other.lowercased()).yaml", otherFile)]), by: operatorActor)
        }
        // Nothing of the refused import landed, not even the unrelated new course.
        #expect(try await versionCount(other) == 0)
        #expect(try await service().version(code: code, version: 1).definition.academicHours == 8)
    }

    @Test func versionsNeverGoBack() async throws {
        let code = uniqueCode("KURSS")
        let file = "\(code.lowercased()).yaml"
        _ = try await service().importCatalogue(try CourseText.catalogue([(file, CourseText.course(code: code, version: 2))]), by: operatorActor)
        let older = CourseText.course(code: code, version: 1)
        await #expect(throws: FileProblems([FileProblem(
            file: file, line: CourseText.line(of: "version: 1", in: older),
            message: "version 1 of \(code) is older than version 2 in the catalogue; versions only increase"
        )])) {
            try await service().importCatalogue(try CourseText.catalogue([(file, older)]), by: operatorActor)
        }
    }

    @Test func aCourseCannotChangeItsKind() async throws {
        let code = uniqueCode("KURSS")
        let file = "\(code.lowercased()).yaml"
        _ = try await service().importCatalogue(try CourseText.catalogue([(file, CourseText.course(code: code))]), by: operatorActor)
        let programme = CourseText.course(code: code, version: 2)
            .replacingOccurrences(of: "kind: course", with: "kind: knowledge_improvement_programme")
        await #expect(throws: FileProblems([FileProblem(
            file: file, line: CourseText.line(of: "kind:", in: programme),
            message: "\(code) is a course in the catalogue; a course cannot change its kind"
        )])) {
            try await service().importCatalogue(try CourseText.catalogue([(file, programme)]), by: operatorActor)
        }
    }

    @Test func commentsAndLayoutAreNotChanges() async throws {
        let code = uniqueCode("KURSS")
        let file = "\(code.lowercased()).yaml"
        _ = try await service().importCatalogue(try CourseText.catalogue([(file, CourseText.course(code: code, status: "approved"))]), by: operatorActor)
        let reformatted = "# Pārskatīts, saturs nav mainīts\n" + CourseText.course(code: code, status: "approved")
            .replacingOccurrences(of: "title: { lv: \"Pirmais\", en: \"First\" }", with: "title:\n      en: \"First\"\n      lv: \"Pirmais\"")
        #expect(try await service().importCatalogue(try CourseText.catalogue([(file, reformatted)]), by: operatorActor).entries.map(\.change) == [.unchanged])
    }

    @Test func aDryRunReportsButWritesNothing() async throws {
        let code = uniqueCode("KURSS")
        let report = try await service().importCatalogue(
            try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code))]), dryRun: true, by: operatorActor
        )
        #expect(report.dryRun)
        #expect(report.entries.map(\.change) == [.newCourse])
        #expect(try await versionCount(code) == 0)
    }

    @Test func approvingAndRetiringMoveOnlyForwardAndRecordWho() async throws {
        let code = uniqueCode("KURSS")
        _ = try await service().importCatalogue(try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code))]), by: operatorActor)
        let approved = try await service().approve(code: code, version: 1, by: .operator_("metodiķe"))
        #expect(approved.status == .approved)
        #expect(approved.approvedBy == "cli:metodiķe")
        await #expect(throws: ServiceError.conflict("version 1 of \(code) is approved already; it cannot become approved")) {
            try await service().approve(code: code, version: 1, by: operatorActor)
        }
        let retired = try await service().retire(code: code, version: 1, by: operatorActor)
        #expect(retired.status == .retired && retired.retiredAt != nil)
        // A file still saying "draft" does not pull the version back.
        let report = try await service().importCatalogue(try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code))]), by: operatorActor)
        #expect(report.entries.map(\.change) == [.unchanged])
        #expect(try await service().version(code: code, version: 1).status == .retired)
    }
}

import Curriculum
import Directory
import Foundation
import Testing

/// Each rule of the course file format, with a file that breaks it and the exact `file:line: message`.
@Suite struct CourseFileRulesTests {
    let file = "test-kurss.yaml"

    @Test func theTemplateIsValid() throws {
        let catalog = try CourseText.catalog([(file, CourseText.course())])
        #expect(catalog.definitions[0].title.lv == "Pārbaudes kurss: ā č ē ģ ī ķ ļ ņ š ū ž")
        #expect(catalog.definitions[0].academicHourMinutes == 45)
    }

    @Test func moduleHoursMustAddUpToTheTotal() {
        let text = CourseText.course().replacingOccurrences(of: "academic_hours: 8", with: "academic_hours: 9")
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(CourseText.line(of: "academic_hours: 9", in: text)): the modules add up to 8 academic hours, but academic_hours is 9",
        ])
    }

    @Test func codesAreUniqueAcrossFiles() {
        let copy = CourseText.course()
        #expect(CourseText.problems([(file, CourseText.course()), ("other/test-kurss.yaml", copy)]) == [
            "other/test-kurss.yaml:1: course code TEST-KURSS is used already by \(file)",
        ])
    }

    @Test func audiencesMustBePositionsOfTheDirectory() {
        let text = CourseText.course().replacingOccurrences(of: "[social_worker, orphans_court_member]", with: "[social_worker, astronaut]")
        let line = CourseText.line(of: "audiences:", in: text)
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(line): audience 'astronaut' is not a position (one of \(Position.allCases.map(\.rawValue).joined(separator: ", ")))",
        ])
    }

    @Test func prerequisitesMustExist() {
        let text = CourseText.course(prerequisites: ["NAV-TADA"])
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(CourseText.line(of: "prerequisites:", in: text)): prerequisite NAV-TADA is not a course in the catalogue",
        ])
    }

    @Test func prerequisitesMayNotFormACircle() {
        let first = CourseText.course(code: "KURSS-A", prerequisites: ["KURSS-B"])
        let second = CourseText.course(code: "KURSS-B", prerequisites: ["KURSS-A"])
        #expect(CourseText.problems([("kurss-a.yaml", first), ("kurss-b.yaml", second)]) == [
            "kurss-a.yaml:\(CourseText.line(of: "prerequisites:", in: first)): courses depend on each other in a circle: KURSS-A → KURSS-B → KURSS-A",
        ])
    }

    @Test func changeLogVersionsIncreaseAndEndAtTheFilesVersion() {
        let text = CourseText.course(version: 2).replacingOccurrences(of: "version: 2, date", with: "version: 1, date")
        let secondEntry = CourseText.line(of: "Redakcija 2", in: text)
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(secondEntry): change_log versions must increase: 1 follows 1",
            "\(file):\(secondEntry): the newest change_log entry is for version 1, but the file is version 2",
        ])
    }

    @Test func unknownAndMissingFieldsAreNamed() {
        let text = CourseText.course(extra: "colour: blue")
            .replacingOccurrences(of: "effective_from: 2027-01-01\n", with: "")
        let lines = CourseText.problems([(file, text)])
        #expect(lines.contains("\(file):\(CourseText.line(of: "colour: blue", in: text)): unknown field 'colour' in the file (expected one of code, version, status, kind, title, academic_hours, academic_hour_minutes, audiences, prerequisites, includes, modules, completion, trainer_qualification, pilot, methodology, effective_from, effective_until, change_log, source, note)"))
        #expect(lines.contains("\(file):1: missing field 'effective_from'"))
    }

    @Test func mandatoryModulesMustBeModules() {
        let text = CourseText.course().replacingOccurrences(of: "mandatory_modules: [A]", with: "mandatory_modules: [A, Z]")
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(CourseText.line(of: "mandatory_modules", in: text)): mandatory module Z is not among the modules",
        ])
    }

    @Test func theFileIsNamedAfterItsCode() {
        #expect(CourseText.problems([("cits-nosaukums.yaml", CourseText.course())]) == [
            "cits-nosaukums.yaml:1: the file of course TEST-KURSS must be named test-kurss.yaml",
        ])
    }

    @Test func aProfessionalProgrammeMustDescribeItsMethodology() {
        let programme = CourseText.course(code: "PROGRAMMA")
            .replacingOccurrences(of: "kind: course", with: "kind: professional_qualification_programme")
        #expect(CourseText.problems([("programma.yaml", programme)]) == [
            "programma.yaml:1: a professional qualification improvement programme must describe its training methodology (methodology)",
        ])
    }

    @Test func aProgrammesIncludedCoursesCountTowardsItsHours() {
        let included = CourseText.course(code: "DALA", hours: 8)
        let programme = CourseText.course(code: "PROGRAMMA", hours: 12, extra: "includes: [DALA]\nmethodology: Gadījumu analīze.")
            .replacingOccurrences(of: "kind: course", with: "kind: knowledge_improvement_programme")
        #expect(CourseText.problems([("dala.yaml", included), ("programma.yaml", programme)]) == [
            "programma.yaml:\(CourseText.line(of: "academic_hours: 12", in: programme)): the modules (12 h) and included courses (8 h) add up to 20 academic hours, but academic_hours is 12",
        ])
        let fitting = CourseText.course(code: "PROGRAMMA", hours: 12, extra: "includes: [DALA]")
            .replacingOccurrences(of: "kind: course", with: "kind: knowledge_improvement_programme")
            .replacingOccurrences(of: "academic_hours: 12", with: "academic_hours: 20")
        #expect(CourseText.problems([("dala.yaml", included), ("programma.yaml", fitting)]).isEmpty)
    }

    @Test func datesAndNumbersAreChecked() {
        let text = CourseText.course(extra: "effective_until: 2026-01-01\npilot: { groups: 1, regions: 2, minimum_participants: 15 }")
            .replacingOccurrences(of: "minimum_attendance_percent: 80", with: "minimum_attendance_percent: 180")
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(CourseText.line(of: "minimum_attendance_percent", in: text)): completion.minimum_attendance_percent must be between 1 and 100, not 180",
            "\(file):\(CourseText.line(of: "pilot:", in: text)): pilot.regions (2) cannot exceed pilot.groups (1)",
            "\(file):\(CourseText.line(of: "effective_until", in: text)): effective_until 2026-01-01 is before effective_from 2027-01-01",
        ])
    }

    @Test func brokenYAMLIsReportedWhereItBreaks() {
        let text = "code: X\ntitle: [unclosed\nversion: 1\n"
        let problems = CourseText.problems([(file, text)])
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("\(file):") == true)
        #expect(problems.first?.contains("not valid YAML") == true)
    }
}

/// The real catalogue in `Courses/`: it validates, and its totals are what the seeds demand.
@Suite struct ShippedCatalogueTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Courses").path

    @Test func everyFileValidatesAndTheSeedsTotalsHold() throws {
        let catalog = try CourseCatalog.load(from: Self.folder)
        let byKind = Dictionary(grouping: catalog.definitions, by: \.kind)
        #expect(byKind[.professionalQualificationProgramme]?.count == 3)
        #expect(byKind[.knowledgeImprovementProgramme]?.count == 5)
        // "five knowledge-improvement programmes of 24 academic hours"
        #expect(byKind[.knowledgeImprovementProgramme]?.allSatisfy { $0.academicHours == 24 && $0.moduleHours == 24 } == true)
        for programme in byKind[.professionalQualificationProgramme] ?? [] {
            #expect(programme.methodology?.isEmpty == false, "\(programme.code) lacks its training methodology")
        }
        // "a 16-academic-hour programme on the UN CRC", with its pilot rule as data
        let crc = try #require(catalog.definitions.first { $0.code == "ANO-BTK-LIDZDALIBA" })
        #expect(crc.academicHours == 16 && crc.moduleHours == 16)
        let pilot = try #require(crc.pilot)
        #expect((pilot.groups, pilot.regions, pilot.minimumParticipants) == (2, 2, 15))
        #expect(Set(crc.audiences).isSuperset(of: [.socialWorker, .orphansCourtEmployee, .childRightsSpecialist, .administrativeCommissionHead]))
        #expect(catalog.definitions.allSatisfy { !$0.source.statement.isEmpty })
    }
}

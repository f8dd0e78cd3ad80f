import Core
import Curriculum
import Directory
import Foundation
import Testing

/// Each rule of the course file format, with a file that breaks it and the exact `file:line: message`.
@Suite struct CourseFileRulesTests {
    let file = "test-kurss.yaml"

    @Test func theTemplateIsValid() throws {
        let catalogue = try CourseText.catalogue([(file, CourseText.course())])
        #expect(catalogue.definitions[0].title.lv == "Pārbaudes kurss: ā č ē ģ ī ķ ļ ņ š ū ž")
        #expect(catalogue.definitions[0].academicHourMinutes == 45)
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
        #expect(lines.contains("\(file):\(CourseText.line(of: "colour: blue", in: text)): unknown field 'colour' in the file (expected one of code, version, status, kind, title, academic_hours, academic_hour_minutes, audiences, prerequisites, modules, completion, trainer_qualification, pilot, feedback_questionnaire, methodology, effective_from, effective_until, change_log, source, note)"))
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

    /// A 16-hour programme whose module B (8 hours) is the course `course`.
    func programme(_ code: String = "PROGRAMMA", course: String = "DALA") -> String {
        CourseText.course(code: code, hours: 16)
            .replacingOccurrences(of: "kind: course", with: "kind: knowledge_improvement_programme")
            .replacingOccurrences(of: "  - code: B\n", with: "  - code: B\n    course: \(course)\n")
    }

    @Test func aProgrammesModuleMayBeACourseOfTheSameHours() {
        #expect(CourseText.problems([("dala.yaml", CourseText.course(code: "DALA", hours: 8)), ("programma.yaml", programme())]).isEmpty)
        let text = programme()
        #expect(CourseText.problems([("dala.yaml", CourseText.course(code: "DALA", hours: 6)), ("programma.yaml", text)]) == [
            "programma.yaml:\(CourseText.line(of: "course: DALA", in: text) + 2): module B is course DALA of 6 academic hours, not 8",
        ])
    }

    @Test func aModuleCourseMustExistAndBeACourse() {
        let unknown = programme(course: "NAV-TADA")
        #expect(CourseText.problems([("programma.yaml", unknown)]) == [
            "programma.yaml:\(CourseText.line(of: "course: NAV-TADA", in: unknown)): module B is course NAV-TADA, which is not in the catalogue",
        ])
        let other = programme("CITA", course: "DALA")
        let nested = programme(course: "CITA")
        #expect(CourseText.problems([("dala.yaml", CourseText.course(code: "DALA")), ("cita.yaml", other), ("programma.yaml", nested)]).contains(
            "programma.yaml:\(CourseText.line(of: "course: CITA", in: nested)): CITA is a programme; a programme's modules may be courses only"
        ))
    }

    @Test func onlyProgrammesHaveModulesThatAreCourses() {
        let text = CourseText.course().replacingOccurrences(of: "  - code: B\n", with: "  - code: B\n    course: CITS\n")
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(CourseText.line(of: "course: CITS", in: text)): only programmes include other courses as modules",
        ])
    }

    @Test func aCircleThroughModulesIsFound() {
        let first = programme("PROG-A", course: "PROG-B")
        let second = programme("PROG-B", course: "PROG-A")
        let problems = CourseText.problems([("prog-a.yaml", first), ("prog-b.yaml", second)])
        #expect(problems.contains("prog-a.yaml:\(CourseText.line(of: "course: PROG-B", in: first)): courses depend on each other in a circle: PROG-A → PROG-B → PROG-A"))
    }

    @Test func theTrainerQualificationMustNameACourse() {
        let text = CourseText.course(extra: "trainer_qualification: { qualified_for: NAV-TADA }")
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(CourseText.line(of: "qualified_for", in: text)): trainer_qualification.qualified_for NAV-TADA is not a course in the catalogue",
        ])
    }

    @Test func moduleCodesAreUniqueWithinAFile() {
        let text = CourseText.course().replacingOccurrences(of: "  - code: B\n", with: "  - code: A\n")
        let second = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains("- code: A") }.map { $0.offset + 1 }
        #expect(CourseText.problems([(file, text)]).contains(
            "\(file):\(second[1]): module code A is used already on line \(second[0])"
        ))
    }

    @Test func valuesMustBeOfTheirKindAndForm() {
        let text = CourseText.course()
            .replacingOccurrences(of: "status: draft", with: "status: maybe")
            .replacingOccurrences(of: "code: TEST-KURSS", with: "code: test kurss")
            .replacingOccurrences(of: "effective_from: 2027-01-01", with: "effective_from: 2027-02-30")
            .replacingOccurrences(of: "version: 1\n", with: "version: first\n")
        let problems = CourseText.problems([("test kurss.yaml", text)])
        #expect(problems.contains("test kurss.yaml:1: code must be 2–40 capital letters, digits and hyphens, such as ANO-BTK-16"))
        #expect(problems.contains("test kurss.yaml:2: version must be a whole number"))
        #expect(problems.contains("test kurss.yaml:3: status must be one of draft, approved, retired, not 'maybe'"))
        #expect(problems.contains("test kurss.yaml:\(CourseText.line(of: "effective_from", in: text)): effective_from must be a date written YYYY-MM-DD, not '2027-02-30'"))
    }

    @Test func emptyListsAndControlCharactersAreRefusedWhereTheyAre() {
        let text = CourseText.course()
            .replacingOccurrences(of: "learning_outcomes: [\"Zina\"]", with: "learning_outcomes: []")
            .replacingOccurrences(of: "en: \"Test course\"", with: "en: \"Test\\0course\"")
        let problems = CourseText.problems([(file, text)])
        #expect(problems.contains("\(file):\(CourseText.line(of: "learning_outcomes: []", in: text)): modules[0].learning_outcomes must list at least one outcome"))
        #expect(problems.contains("\(file):\(CourseText.line(of: "en: \"Test", in: text)): title.en must not contain control characters"))
    }

    @Test func aFieldWithoutAValueIsReportedOnItsOwnLine() {
        let text = CourseText.course().replacingOccurrences(of: "effective_from: 2027-01-01", with: "effective_from:")
        #expect(CourseText.problems([(file, text)]) == [
            "\(file):\(CourseText.line(of: "effective_from:", in: text)): effective_from has no value",
        ])
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
        let text = "code: X\nversion: 1\ntitle: [unclosed\nkind: course\n"
        let problems = CourseText.problems([(file, text)])
        #expect(problems.count == 1)
        #expect(problems.first?.contains("not valid YAML") == true)
        // libyaml notices the unclosed list where the next mapping key begins.
        #expect(problems.first?.hasPrefix("\(file):4:") == true, "\(problems)")
    }
}

/// The real catalogue in `Courses/`: it validates, and its totals are what the seeds demand.
@Suite struct ShippedCatalogueTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Courses").path

    @Test func everyFileValidatesAndTheSeedsTotalsHold() throws {
        let catalogue = try CourseCatalogue.load(from: Self.folder)
        let byKind = Dictionary(grouping: catalogue.definitions, by: \.kind)
        #expect(byKind[.professionalQualificationProgramme]?.count == 3)
        #expect(byKind[.knowledgeImprovementProgramme]?.count == 5)
        // "five knowledge-improvement programmes of 24 academic hours"
        #expect(byKind[.knowledgeImprovementProgramme]?.allSatisfy { $0.academicHours == 24 } == true)
        // Module hours add up to the total in every file (a programme's module may be a whole course).
        #expect(catalogue.definitions.allSatisfy { $0.moduleHours == $0.academicHours })
        for programme in byKind[.professionalQualificationProgramme] ?? [] {
            #expect(programme.methodology?.isEmpty == false, "\(programme.code) lacks its training methodology")
        }
        // "a 16-academic-hour programme on the UN CRC", with its pilot rule as data
        let crc = try #require(catalogue.definitions.first { $0.code == "ANO-BTK-LIDZDALIBA" })
        #expect(crc.academicHours == 16)
        #expect(catalogue.definitions.filter { $0.includes.contains("ANO-BTK-LIDZDALIBA") }.map(\.code).sorted() == ["PKP-BT-DARBINIEKI", "PKP-BT-PRIEKSSEDETAJI"])
        let pilot = try #require(crc.pilot)
        #expect((pilot.groups, pilot.regions, pilot.minimumParticipants) == (2, 2, 15))
        #expect(Set(crc.audiences).isSuperset(of: [.socialWorker, .orphansCourtEmployee, .childRightsSpecialist, .administrativeCommissionHead]))
        #expect(catalogue.definitions.allSatisfy { !$0.source.statement.isEmpty })
    }
}

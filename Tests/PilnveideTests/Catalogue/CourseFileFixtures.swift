import Core
import Curriculum
import Foundation
import Testing

/// Course files for tests, in the format of `Courses/`, with helpers to find the line a rule should name.
enum CourseText {
    /// A valid course with two modules of `hours / 2` each.
    static func course(
        code: String = "TEST-KURSS", version: Int = 1, status: String = "draft", hours: Int = 8,
        title: String = "Pārbaudes kurss: ā č ē ģ ī ķ ļ ņ š ū ž", prerequisites: [String] = [], extra: String = "",
        effectiveFrom: String = "2027-01-01"
    ) -> String {
        """
        code: \(code)
        version: \(version)
        status: \(status)
        kind: course
        title:
          lv: "\(title)"
          en: "Test course"
        academic_hours: \(hours)
        audiences: [social_worker, orphans_court_member]
        prerequisites: [\(prerequisites.joined(separator: ", "))]
        modules:
          - code: A
            title: { lv: "Pirmais", en: "First" }
            academic_hours: \(hours / 2)
            learning_outcomes: ["Zina"]
            teaching_methods: [lekcija]
          - code: B
            title: { lv: "Otrais", en: "Second" }
            academic_hours: \(hours - hours / 2)
            learning_outcomes: ["Prot"]
            teaching_methods: [diskusija]
        completion:
          minimum_attendance_percent: 80
          mandatory_modules: [A]
          assessment_required: true
        effective_from: \(effectiveFrom)
        change_log:
        \((1...version).map { "  - { version: \($0), date: 2026-11-0\(min($0, 9)), changes: \"Redakcija \($0)\", reason: \"Atsauksmes\" }" }.joined(separator: "\n"))
        source:
          document: "Valsts programma bērna un ģimenes stāvokļa uzlabošanai 2023. gadam"
          statement: "Tests"
        \(extra)
        """
    }

    /// The 1-based line of the first line of `text` containing `fragment`.
    static func line(of fragment: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(fragment) }) else {
            Issue.record("'\(fragment)' is not in the text", sourceLocation: sourceLocation)
            return 0
        }
        return index + 1
    }

    /// The problems of checking these files together, as printed.
    static func problems(_ files: [(String, String)]) -> [String] {
        do {
            _ = try CourseCatalogue.check(files.map { (name: $0.0, text: $0.1) })
            return []
        } catch let error as FileProblems {
            return error.problems.map(\.description)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    /// One checked course definition: 8 hours; with `pilot`, a rule of two groups in two regions of 15 each.
    static func definition(pilot: Bool) throws -> CourseDefinition {
        let extra = pilot ? "pilot: { groups: 2, regions: 2, minimum_participants: 15 }" : ""
        return try catalogue([("test-kurss.yaml", course(status: "approved", extra: extra))]).definitions[0]
    }

    static func catalogue(_ files: [(String, String)]) throws -> CourseCatalogue {
        try CourseCatalogue.check(files.map { (name: $0.0, text: $0.1) })
    }
}

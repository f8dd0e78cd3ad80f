import App
import Certification
import Core
import Curriculum
import Foundation
import Testing

/// Scheme files: the shipped ones are valid; a bad one names each problem's line.
@Suite struct SchemeFileTests {
    static let courses = try! CourseCatalogue.load(from: InstallationLayout.locate().courses.path).definitions

    static func scheme(_ replacements: [(String, String)] = [], code: String = "TEST-SHEMA") -> String {
        var text = """
            code: \(code)
            version: 1
            status: approved
            title: { lv: "Pārbaudes shēma", en: "Test scheme" }
            applies_to:
              positions: [orphans_court_member]
            initial:
              within_months: 6
              courses: [PKP-BT-DARBINIEKI]
            validity_months: 60
            recertification:
              academic_hours: 24
              window_opens_months_before_expiry: 12
              next_expiry_from: previous_expiry
            effective_from: 2027-01-01
            source: { document: "Bāriņtiesu likums", statement: "24 h / 5 y" }
            """
        for (old, new) in replacements { text = text.replacingOccurrences(of: old, with: new) }
        return text
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try SchemeCatalogue.check([("test-shema.yaml", text)], courses: Self.courses)
            return []
        } catch let problems as FileProblems {
            return problems.problems.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func theShippedSchemesAreValidAndSayWhatTheLawSays() throws {
        let catalogue = try SchemeCatalogue.load(from: InstallationLayout.locate().courses.appendingPathComponent("certification").path,
                                                 courses: Self.courses)
        let byCode = Dictionary(uniqueKeysWithValues: catalogue.schemes.map { ($0.code, $0) })
        let refresher = try #require(byCode["BT-PILNVEIDE"])
        #expect(refresher.validityMonths == 60 && refresher.recertification.requirement.academicHours == 24 && refresher.status == .approved)
        #expect(refresher.initial?.withinMonths == 6)
        let draft = try #require(byCode["BT-PILNVEIDE-2024"])
        #expect(draft.status == .draft && draft.validityMonths == 24 && draft.recertification.requirement.academicHours == 8)
        #expect(draft.effectiveFrom > refresher.effectiveFrom)
        let commission = try #require(byCode["BT-SERTIFIKACIJA"])
        #expect(commission.initial?.decisionBy != nil && commission.effectiveFrom == CalendarDate(iso8601: "2027-01-01"))
        let special = try #require(byCode["SPECIALAS-ZINASANAS"])
        #expect(special.initial?.requirement.academicHours == 40 && special.initial?.withinMonths == 12)
        // Values not found in law say so.
        #expect(catalogue.schemes.allSatisfy { !$0.assumptions.isEmpty })
        #expect(refresher.window.validUntil(issuedOn: CalendarDate(iso8601: "2024-02-29")!) == CalendarDate(iso8601: "2029-02-28"))
    }

    @Test func aSourceNamesAPublicDocumentNotAFile() throws {
        let line = CourseText.line(of: "source:", in: Self.scheme())
        for document in ["../shared/docs/DOMAIN.md", "000_f341b4dd5038e1f1.txt", "DOMAIN.md; 000_f341b4dd5038e1f1.txt", "./rules.pdf"] {
            #expect(problems(Self.scheme([("document: \"Bāriņtiesu likums\"", "document: \"\(document)\"")])) == [
                "test-shema.yaml:\(line): source.document must name a public document (a law or regulation by its name and number, a programme by its title and date), not a file or path: '\(document)'",
            ])
        }
        #expect(problems(Self.scheme([("statement:", "url: \"http://likumi.lv/ta/id/139369\", statement:")])) == [
            "test-shema.yaml:\(line): source.url must be an https address of the published document, not 'http://likumi.lv/ta/id/139369'",
        ])
        // Every shipped scheme and course cites what a reader can find.
        let schemes = try SchemeCatalogue.load(from: InstallationLayout.locate().courses.appendingPathComponent("certification").path,
                                               courses: Self.courses)
        #expect(schemes.schemes.allSatisfy { SourceCitation.problem(document: $0.source.document) == nil })
        #expect(schemes.schemes.first { $0.code == "SPECIALAS-ZINASANAS" }?.source.url == "https://likumi.lv/doc.php?id=117974")
    }

    @Test func aBadSchemeNamesEachProblemsLine() {
        let text = Self.scheme([
            ("positions: [orphans_court_member]", "positions: [orphans_court_member, judge]"),
            ("courses: [PKP-BT-DARBINIEKI]", "courses: [NAV-TADA]"),
            ("window_opens_months_before_expiry: 12", "window_opens_months_before_expiry: 72"),
            ("next_expiry_from: previous_expiry", "next_expiry_from: fixed_date\n  fixed_date: \"02-29\""),
            ("effective_from: 2027-01-01", "effective_from: 2027-01-01\ncolour: blue"),
        ])
        func line(_ fragment: String) -> Int { CourseText.line(of: fragment, in: text) }
        let found = problems(text)
        #expect(found.contains("test-shema.yaml:\(line("judge")): applies_to.positions[1] must be one of \(Position.allCases.map(\.rawValue).joined(separator: ", ")), not 'judge'"))
        #expect(found.contains("test-shema.yaml:\(line("window_opens")): the window cannot open 72 months before expiry of a 60-month validity"))
        #expect(found.contains("test-shema.yaml:\(line("fixed_date: ")): recertification.fixed_date must be a day of every year written MM-DD, such as 12-31"))
        #expect(found.contains { $0.hasPrefix("test-shema.yaml:\(line("colour")): unknown field 'colour'") })
        // Course codes are checked against the catalogue once the file itself is sound.
        #expect(problems(Self.scheme([("courses: [PKP-BT-DARBINIEKI]", "courses: [NAV-TADA]")]))
            == ["test-shema.yaml:\(CourseText.line(of: "NAV-TADA", in: Self.scheme([("courses: [PKP-BT-DARBINIEKI]", "courses: [NAV-TADA]")]))): course NAV-TADA is not in the catalogue"])
        #expect(problems(Self.scheme([("  courses: [PKP-BT-DARBINIEKI]\n", "")]))
            == ["test-shema.yaml:8: initial must ask for courses to complete, academic_hours, or both"])
        #expect(problems(Self.scheme()).isEmpty)
    }
}

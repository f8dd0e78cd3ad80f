import Curriculum
import Testing

/// What the course file says about crediting partial presence and the questionnaire.
@Suite struct CourseFileTrainingRulesTests {
    func file(completion: String = "", questionnaire: String = "") -> String {
        CourseText.course(code: "TEST-KURSS").replacingOccurrences(of: "  assessment_required: true\n", with: "  assessment_required: true\n\(completion)")
            + "\n" + questionnaire
    }

    @Test func theCreditUnitIsWholeHalfOrQuarterHours() throws {
        #expect(try CourseText.catalogue([("test-kurss.yaml", file())]).definitions[0].completion.partsPerHour == 1)
        #expect(try CourseText.catalogue([("test-kurss.yaml", file(completion: "  credit_unit: 0.5\n"))]).definitions[0].completion.partsPerHour == 2)
        #expect(try CourseText.catalogue([("test-kurss.yaml", file(completion: "  credit_unit: 0.25\n"))]).definitions[0].completion.partsPerHour == 4)
        let text = file(completion: "  credit_unit: 0.3\n")
        #expect(CourseText.problems([("test-kurss.yaml", text)])
            == ["test-kurss.yaml:\(CourseText.line(of: "credit_unit", in: text)): completion.credit_unit must be 1, 0.5 or 0.25 academic hours, not '0.3'"])
    }

    @Test func aFileMayGiveItsOwnQuestionnaireOrGetsTheStandardOne() throws {
        let standard = try CourseText.catalogue([("test-kurss.yaml", file())]).definitions[0]
        #expect(standard.feedbackQuestionnaire == nil && standard.questionnaire == .standard)
        #expect(standard.questionnaire.items.filter { $0.kind == .scale }.count == 5)
        let own = try CourseText.catalogue([("test-kurss.yaml", file(questionnaire: """
            feedback_questionnaire:
              - { code: V1, kind: scale, text: { lv: "Vai bērna viedoklis tika pietiekami apskatīts?", en: "Was the child's view covered enough?" } }
              - { code: K1, kind: text, text: { lv: "Jūsu ieteikumi", en: "Your suggestions" } }
            """))]).definitions[0]
        #expect(own.questionnaire.items.map(\.code) == ["V1", "K1"])
        #expect(own.questionnaire.items[0].text.lv == "Vai bērna viedoklis tika pietiekami apskatīts?")

        let duplicate = file(questionnaire: """
            feedback_questionnaire:
              - { code: V1, kind: scale, text: { lv: "a", en: "a" } }
              - { code: V1, kind: stars, text: { lv: "b", en: "b" } }
            """)
        let problems = CourseText.problems([("test-kurss.yaml", duplicate)])
        #expect(problems.contains { $0.hasSuffix("feedback_questionnaire[1].kind must be one of scale, text, not 'stars'") })
        #expect(problems.contains { $0.contains("questionnaire item V1 is used already on line") })
    }
}

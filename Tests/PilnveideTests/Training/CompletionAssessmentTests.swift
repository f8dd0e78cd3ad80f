import Curriculum
import Foundation
import Scheduling
import Testing
import Training

/// Completion from a course's rule, with the reasons people read.
@Suite struct CompletionAssessmentTests {
    let rule = CourseDefinition.CompletionRule(minimumAttendancePercent: 80, mandatoryModules: ["M1", "M3"], assessmentRequired: true)
    let scheduled: Set<String> = ["M1", "M2", "M3", "M4"]

    func assess(_ hours: HoursCredit, modules: Set<String> = ["M1", "M2", "M3", "M4"], passed: Bool? = true,
                rule: CourseDefinition.CompletionRule? = nil, scheduled: Set<String>? = nil) -> (TrainingRecord.Outcome, [String]) {
        let result = CompletionAssessment.assess(
            .init(credited: hours, modulesAttendedInFull: modules, assessmentPassed: passed),
            rule: rule ?? self.rule, courseHours: 16, scheduledModules: scheduled ?? self.scheduled
        )
        return (result.outcome, result.reasons)
    }

    @Test func everythingMetIsCompletedWithoutReasons() {
        #expect(assess(HoursCredit(hours: 16)) == (.completed, []))
        // Exactly the share is enough: 12.8 of 16 is 80 %, so 13 is; 12.75 is not.
        #expect(assess(HoursCredit(hours: 13)).0 == .completed)
        #expect(assess(HoursCredit(quarters: 51)) == (.notCompleted, ["attended 12.75 of 16 academic hours; 80% required"]))
    }

    @Test func tooFewHoursSaysHowMany() {
        #expect(assess(HoursCredit(hours: 10)) == (.notCompleted, ["attended 10 of 16 academic hours; 80% required"]))
    }

    @Test func aMandatoryModuleMissedIsNamed() {
        #expect(assess(HoursCredit(hours: 16), modules: ["M1", "M2", "M4"]) == (.notCompleted, ["module M3 not attended"]))
        #expect(assess(HoursCredit(hours: 16), modules: ["M1", "M2"], scheduled: ["M1", "M2"]).1.contains("module M3 was not covered by any session of the group"))
    }

    @Test func theAssessmentCountsOnlyWhereTheRuleAsksForIt() {
        #expect(assess(HoursCredit(hours: 16), passed: nil) == (.notCompleted, ["no assessment result recorded"]))
        #expect(assess(HoursCredit(hours: 16), passed: false) == (.notCompleted, ["assessment not passed"]))
        let noAssessment = CourseDefinition.CompletionRule(minimumAttendancePercent: 100, mandatoryModules: [], assessmentRequired: false)
        #expect(assess(HoursCredit(hours: 16), modules: [], passed: nil, rule: noAssessment) == (.completed, []))
        #expect(assess(HoursCredit(hours: 15), modules: [], passed: true, rule: noAssessment)
            == (.notCompleted, ["attended 15 of 16 academic hours; 100% required"]))
    }

    @Test func everyUnmetConditionIsAReasonInTheRulesOrder() {
        #expect(assess(HoursCredit(hours: 6), modules: ["M2"], passed: false) == (.notCompleted, [
            "attended 6 of 16 academic hours; 80% required", "module M1 not attended", "module M3 not attended", "assessment not passed",
        ]))
    }

    @Test func aModuleIsAttendedInFullOnlyWhenEverySessionCoveringItWasAttended() {
        func session(_ modules: [String], cancelled: Bool = false) -> GroupSession {
            GroupSession(id: UUID(), groupID: UUID(), startsAt: Date(), endsAt: Date().addingTimeInterval(3600), academicHours: 1,
                         venue: nil, modules: modules, sequence: 0, cancelledAt: cancelled ? Date() : nil, updatedAt: Date())
        }
        let first = session(["M1", "M2"]), second = session(["M3"]), third = session(["M3"]), gone = session(["M4"], cancelled: true)
        let sessions = [first, second, third, gone]
        #expect(CompletionAssessment.modulesAttendedInFull(sessions: sessions, marks: [first.id: .present, second.id: .present, third.id: .present])
            == ["M1", "M2", "M3"])
        // Partly present at one of M3's sessions: M3 is not attended in full.
        #expect(CompletionAssessment.modulesAttendedInFull(sessions: sessions, marks: [first.id: .present, second.id: .present, third.id: .partial(minutes: 30)])
            == ["M1", "M2"])
        #expect(CompletionAssessment.modulesAttendedInFull(sessions: sessions, marks: [first.id: .excused, second.id: .present, third.id: .present]) == ["M3"])
        #expect(CompletionAssessment.scheduledModules(sessions) == ["M1", "M2", "M3"])
    }
}

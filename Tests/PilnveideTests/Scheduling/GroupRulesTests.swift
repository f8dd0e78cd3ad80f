import Core
import Curriculum
import Foundation
import Scheduling
import Testing

/// The rules of groups, alone: no database, no HTTP.
@Suite struct GroupLifecycleTests {
    @Test func groupsMoveForwardOneStepOrAreCancelledBeforeTheyComplete() {
        let forward: [(GroupStatus, GroupStatus)] = [(.planned, .open), (.open, .confirmed), (.confirmed, .inProgress), (.inProgress, .completed)]
        for (from, to) in forward { #expect(from.canMove(to: to)) }
        for from in [GroupStatus.planned, .open, .confirmed, .inProgress] { #expect(from.canMove(to: .cancelled)) }
        #expect(!GroupStatus.completed.canMove(to: .cancelled))
        #expect(!GroupStatus.planned.canMove(to: .confirmed))
        #expect(!GroupStatus.open.canMove(to: .planned))
        #expect(!GroupStatus.cancelled.canMove(to: .open))
    }

    @Test func whatEachStatusAllows() {
        #expect(GroupStatus.allCases.filter(\.takesEnrolments) == [.open, .confirmed])
        #expect(GroupStatus.allCases.filter(\.sessionsMayChange) == [.planned, .open, .confirmed])
        #expect(GroupStatus.allCases.filter(\.recordsAttendance) == [.open, .confirmed, .inProgress])
    }
}

@Suite struct CapacityTests {
    @Test func placesAreBookedUntilFullThenWaitlisted() {
        #expect(Capacity.decide(booked: 14, capacity: 15) == .booked)
        #expect(Capacity.decide(booked: 15, capacity: 15) == .waitlisted)
        #expect(Capacity.promotions(booked: 12, capacity: 15, waitlisted: 5) == 3)
        #expect(Capacity.promotions(booked: 12, capacity: 15, waitlisted: 1) == 1)
        #expect(Capacity.promotions(booked: 15, capacity: 15, waitlisted: 4) == 0)
        #expect(Capacity.allowed.contains(1) && Capacity.allowed.contains(500) && !Capacity.allowed.contains(0))
    }
}

@Suite struct GroupDraftRulesTests {
    let lead = UUID()

    func draft(_ configure: (inout GroupDraft) -> Void = { _ in }) -> GroupDraft {
        var draft = GroupDraft(code: "G-1", courseCode: "C", courseVersion: 1, region: "Rīga", leadTrainerID: lead, capacity: 20)
        draft.venue = "Rīga, Brīvības iela 1"
        configure(&draft)
        return draft
    }

    @Test func aValidDraftIsNormalised() throws {
        let checked = try GroupDraftRules.check(draft { $0.registrationOpensAt = "2027-02-01T09:00" })
        #expect(checked.region == .riga)
        #expect(checked.registration.opensAt == (try RigaTime.instant(from: "2027-02-01T09:00")))
    }

    @Test func everyProblemIsReportedAtOnce() {
        let bad = draft {
            $0.code = " "
            $0.region = "Kurzemīte"
            $0.venue = nil
            $0.capacity = 0
            $0.registrationOpensAt = "2027-03-01T09:00"
            $0.registrationClosesAt = "2027-02-01T09:00"
            $0.coTrainerIDs = [lead]
        }
        #expect {
            try GroupDraftRules.check(bad)
        } throws: { error in
            guard case ServiceError.validation(let problems) = error else { return false }
            return Set(problems.map(\.field)) == ["code", "region", "venue", "capacity", "registrationClosesAt", "coTrainerIds"]
        }
    }

    @Test func aPilotGroupTakesAndKeepsTheCoursesPilotMinimum() throws {
        let course = try CourseText.definition(pilot: true)
        #expect(try GroupDraftRules.minimumParticipants(draft { $0.pilot = true }, course: course) == 15)
        #expect(try GroupDraftRules.minimumParticipants(draft { $0.minimumParticipants = 3 }, course: course) == 3)
        #expect(throws: ServiceError.self) { try GroupDraftRules.minimumParticipants(draft { $0.pilot = true; $0.minimumParticipants = 10 }, course: course) }
        #expect(throws: ServiceError.self) { try GroupDraftRules.minimumParticipants(draft { $0.minimumParticipants = 21 }, course: course) }
        let noPilot = try CourseText.definition(pilot: false)
        #expect(throws: ServiceError.validation([FieldProblem("pilot", "\(noPilot.code) has no pilot rule")])) {
            try GroupDraftRules.minimumParticipants(draft { $0.pilot = true }, course: noPilot)
        }
    }
}

@Suite struct LeadTrainerRuleTests {
    let lead = UUID(), co = UUID()

    func qualification(_ person: UUID, _ status: TrainerQualification.Status, from version: Int = 1) -> TrainerQualification {
        TrainerQualification(id: UUID(), personID: person, courseCode: "C", fromVersion: version, status: status, grantedVia: .direct,
                             reason: nil, grantedBy: "test", grantedAt: Date(), signedOffAt: nil, withdrawnReason: nil)
    }

    @Test func aQualifiedTrainerLeadsAnyGroup() throws {
        let course = try CourseText.definition(pilot: false)
        try LeadTrainerRule.check(lead: [qualification(lead, .qualified)], coTrainers: [], for: course, kind: .delivery)
        try LeadTrainerRule.check(lead: [qualification(lead, .qualified)], coTrainers: [], for: course, kind: .trainerCohort)
    }

    @Test func noQualificationForThisVersionMeansNoLead() throws {
        let course = try CourseText.definition(pilot: false)
        for held in [[], [qualification(lead, .withdrawn)], [qualification(lead, .qualified, from: 2)]] {
            #expect(throws: ServiceError.self) { try LeadTrainerRule.check(lead: held, coTrainers: [], for: course, kind: .delivery) }
        }
    }

    @Test func aProvisionalTrainerLeadsOnlySupervisedDeliveries() throws {
        let course = try CourseText.definition(pilot: false)
        let provisional = [qualification(lead, .provisional)]
        try LeadTrainerRule.check(lead: provisional, coTrainers: [qualification(co, .qualified)], for: course, kind: .delivery)
        #expect(throws: ServiceError.self) {
            try LeadTrainerRule.check(lead: provisional, coTrainers: [qualification(co, .provisional)], for: course, kind: .delivery)
        }
        #expect(throws: ServiceError.self) {
            try LeadTrainerRule.check(lead: provisional, coTrainers: [qualification(co, .qualified)], for: course, kind: .trainerCohort)
        }
    }
}

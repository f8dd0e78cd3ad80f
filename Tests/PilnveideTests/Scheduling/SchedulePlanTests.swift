import App
import Core
import Curriculum
import Database
import Directory
import Foundation
import Scheduling
import Testing
import TestSupport

@Suite(.freshDatabase) struct SchedulePlanTests {
    /// A qualified trainer with an e-mail, as schedule files name trainers.
    func trainer(_ fixture: SchedulingFixture, _ name: String) async throws -> String {
        let email = "\(name.lowercased())-\(fixture.tag.lowercased())@example.lv"
        let person = try await fixture.services.directory.createPerson(
            PersonDraft(givenName: name, familyName: "Trenere", email: email, position: "trainer"), by: .operator_("test")
        ).person
        _ = try await fixture.qualifications.grant(personID: person.id, courseCode: fixture.courseCode, fromVersion: 1,
                                                    provisional: false, reason: "tests", by: .operator_("test"))
        return email
    }

    func schedule(_ fixture: SchedulingFixture, lead: String, secondStart: String = "2027-08-02T09:00") -> String {
        """
        groups:
          - code: PILOTS-KURZEME-\(fixture.tag)
            course: \(fixture.courseCode)
            version: 1
            region: kurzeme
            venue: "Liepāja, Kuršu iela 5 \(fixture.tag)"
            lead_trainer: \(lead)
            capacity: 20
            pilot: true
            registration_closes: 2027-07-25T23:59
            open: true
            sessions:
              - { starts: 2027-08-01T09:00, ends: 2027-08-01T12:00, academic_hours: 4, modules: [A] }
              - { starts: 2027-08-01T13:00, ends: 2027-08-01T16:00, academic_hours: 4 }
          - code: PILOTS-LATGALE-\(fixture.tag)
            course: \(fixture.courseCode)
            version: 1
            region: latgale
            venue: "Rēzekne, Atbrīvošanas aleja 93 \(fixture.tag)"
            lead_trainer: \(lead)
            capacity: 20
            pilot: true
            open: true
            sessions:
              - { starts: \(secondStart), ends: 2027-08-02T12:00, academic_hours: 4, modules: [A] }
              - { starts: 2027-08-02T13:00, ends: 2027-08-02T16:00, academic_hours: 4 }
        """
    }

    @Test func aGoodScheduleCreatesEveryGroupOpenAndAPilotMinimumFromTheCourse() async throws {
        let fixture = try await SchedulingFixture.make()
        let lead = try await trainer(fixture, "Anete")
        let plan = try SchedulePlan.parse(schedule(fixture, lead: lead), file: "pilots.yaml")
        let result = try await fixture.schedulePlans.apply(plan, by: .operator_("test"))
        #expect(result.groups == 2 && result.sessions == 4)
        let created = try await fixture.groups.groups(GroupFilter(courseCode: fixture.courseCode), page: try PageRequest())
        #expect(created.items.map(\.status) == [.open, .open])
        #expect(created.items.map(\.minimumParticipants) == [15, 15])
        #expect(created.items.map(\.region) == [.kurzeme, .latgale])
    }

    @Test func aBadScheduleCreatesNothingAndNamesEachBadLine() async throws {
        let fixture = try await SchedulingFixture.make()
        let lead = try await trainer(fixture, "Baiba")
        // The second group's first session starts while the same trainer teaches in the first group.
        var text = schedule(fixture, lead: lead, secondStart: "2027-08-01T10:00")
        text = text.replacingOccurrences(of: "ends: 2027-08-02T12:00, academic_hours: 4", with: "ends: 2027-08-01T12:00, academic_hours: 2")
        let plan = try SchedulePlan.parse(text, file: "pilots.yaml")
        let sessionLine = CourseText.line(of: "starts: 2027-08-01T10:00", in: text)
        await #expect {
            try await fixture.schedulePlans.apply(plan, by: .operator_("test"))
        } throws: { error in
            guard let problems = error as? FileProblems, problems.problems.count == 1 else { return false }
            let problem = problems.problems[0]
            return problem.file == "pilots.yaml" && problem.line == sessionLine
                && problem.message.hasPrefix("group PILOTS-LATGALE-\(fixture.tag): a trainer of this group is in session")
        }
        #expect(try await fixture.groups.groups(GroupFilter(courseCode: fixture.courseCode), page: try PageRequest()).total == 0)

        let unknownText = schedule(fixture, lead: "nav@example.lv")
        let unknown = try SchedulePlan.parse(unknownText, file: "pilots.yaml")
        await #expect(throws: FileProblems([
            FileProblem(file: "pilots.yaml", line: 2, message: "group PILOTS-KURZEME-\(fixture.tag): no person in the directory has the e-mail nav@example.lv"),
            FileProblem(file: "pilots.yaml", line: CourseText.line(of: "code: PILOTS-LATGALE", in: unknownText), message: "group PILOTS-LATGALE-\(fixture.tag): no person in the directory has the e-mail nav@example.lv"),
        ])) {
            try await fixture.schedulePlans.apply(unknown, by: .operator_("test"))
        }
    }

    @Test func fileProblemsAreFoundBeforeAnythingIsTried() throws {
        let text = """
            groups:
              - code: X
                course: K
                version: one
                region: riga
                lead_trainer: a@example.lv
                capacity: 10
                colour: red
                sessions:
                  - { starts: 2027-08-01T09:00, academic_hours: 4 }
            """
        #expect(throws: FileProblems([
            FileProblem(file: "plan.yaml", line: 8, message: "unknown field 'colour' in groups[0] (expected one of code, course, version, region, venue, online, kind, lead_trainer, co_trainers, capacity, minimum_participants, pilot, registration_opens, registration_closes, cancellation_deadline, open, sessions)"),
            FileProblem(file: "plan.yaml", line: 4, message: "groups[0].version must be a whole number"),
            FileProblem(file: "plan.yaml", line: 10, message: "missing field 'groups[0].sessions[0].ends'"),
        ])) {
            try SchedulePlan.parse(text, file: "plan.yaml")
        }
    }
}

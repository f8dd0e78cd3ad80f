import Core
import Foundation
import Scheduling
import Testing
import TestSupport

/// A session's times are required: blank ones are a validation problem naming the field, never a crash.
@Suite(.freshDatabase) struct SessionInputTests {
    @Test func blankSessionTimesAreRefusedByField() async throws {
        let fixture = try await SchedulingFixture.make()
        var draft = GroupDraft(code: "TUKSS-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1, region: "vidzeme",
                               leadTrainerID: fixture.lead.id, capacity: 10)
        draft.online = true
        let group = try await fixture.groups.createGroup(draft, by: SchedulingFixture.operatorActor)
        await #expect(throws: ServiceError.validation([FieldProblem("startsAt", "is required"), FieldProblem("endsAt", "is required")])) {
            try await fixture.sessions.addSession(
                to: group.id, .init(startsAt: " ", endsAt: "", academicHours: 2), by: SchedulingFixture.operatorActor
            )
        }
        #expect(try await fixture.groups.group(id: group.id).sessions.isEmpty)
    }
}

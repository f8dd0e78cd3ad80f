import Core
import Curriculum
import Directory
import Foundation
import Scheduling
import Testing
import TestSupport
import Training

/// Marking attendance: the kinds, the sheet sent twice, changes with reasons, who may mark whom and when.
@Suite(.freshDatabase) struct AttendanceTests {
    let op = SchedulingFixture.operatorActor

    /// An in-progress group on `day` with `count` booked participants.
    func startedGroup(_ fixture: SchedulingFixture, day: String, count: Int) async throws -> (Group, [UUID]) {
        let group = try await fixture.openGroup(day: day)
        let people = try await fixture.participants(count, prefix: "P\(day.suffix(2))-")
        for person in people { _ = try await fixture.enrolments.enrol(personID: person, in: group.id, by: op) }
        try await fixture.start(group)
        return (try await fixture.groups.group(id: group.id), people)
    }

    @Test func eachKindIsCreditedAndTheSameSheetTwiceChangesNothing() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people) = try await startedGroup(fixture, day: "2027-05-10", count: 4)
        let after = try RigaTime.instant(from: "2027-05-10T16:30")
        let sheet: [AttendanceEntry] = [
            .init(personID: people[0], mark: .present), .init(personID: people[1], mark: .partial(minutes: 135)),
            .init(personID: people[2], mark: .absent), .init(personID: people[3], mark: .excused),
        ]
        let first = try await fixture.attendance.mark(group: group.id, session: group.sessions[0].id, sheet, by: op, now: after)
        let credited = Dictionary(uniqueKeysWithValues: first.map { ($0.personID, $0.credited) })
        #expect(credited == [people[0]: HoursCredit(hours: 4), people[1]: HoursCredit(hours: 3), people[2]: .zero, people[3]: .zero])
        #expect(first.first { $0.personID == people[1] }?.marks[group.sessions[0].id] == .partial(minutes: 135))

        let again = try await fixture.attendance.mark(group: group.id, session: group.sessions[0].id, sheet, by: op, now: after)
        #expect(again == first)
        #expect(try await fixture.attendance.changes(of: group.id, by: op).isEmpty)
    }

    @Test func changingAMarkingNeedsAReasonAndTheHistoryKeepsIt() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people) = try await startedGroup(fixture, day: "2027-05-11", count: 2)
        let session = group.sessions[0].id
        let after = try RigaTime.instant(from: "2027-05-11T12:30")
        _ = try await fixture.attendance.mark(group: group.id, session: session, [.init(personID: people[0], mark: .present)], by: op, now: after)

        await #expect(throws: ServiceError.validation([FieldProblem(
            "entries[0].reason", "is required to change a marking made already (present → partial (60 min))"
        )])) {
            try await fixture.attendance.mark(group: group.id, session: session, [.init(personID: people[0], mark: .partial(minutes: 60))],
                                              by: op, now: after)
        }
        await #expect(throws: ServiceError.validation([FieldProblem(
            "entries[0].minutesAttended", "must be between 1 and 179 for a session of 180 minutes (mark a whole session present)"
        )])) {
            try await fixture.attendance.mark(group: group.id, session: session, [.init(personID: people[1], mark: .partial(minutes: 180))],
                                              by: op, now: after)
        }
        let trainer = try await fixture.caller(fixture.lead.id, [.trainer])
        _ = try await fixture.attendance.mark(
            group: group.id, session: session,
            [.init(personID: people[0], mark: .partial(minutes: 60)), .init(personID: people[1], mark: .absent)],
            reason: "ieradās stundu pirms beigām", by: trainer, now: after
        )
        let changes = try await fixture.attendance.changes(of: group.id, by: op)
        #expect(changes.count == 1)  // people[1] was marked for the first time: no change to record
        let change = try #require(changes.first)
        #expect(change.personID == people[0] && change.sessionID == session)
        #expect(change.from == .present && change.to == .partial(minutes: 60))
        #expect(change.reason == "ieradās stundu pirms beigām")
        #expect(change.changedBy.hasPrefix("account:"))

        // The history cannot be rewritten, not even by SQL.
        await #expect(throws: (any Error).self) {
            try await fixture.database.withConnection { connection in
                try await connection.query("DELETE FROM attendance_changes", logger: TestDatabase.logger)
            }
        }
    }

    @Test func onlyBookedPeopleByTheGroupsTrainersWithinTheWindow() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people) = try await startedGroup(fixture, day: "2027-05-12", count: 2)
        let session = group.sessions[0].id
        let after = try RigaTime.instant(from: "2027-05-12T12:30")
        let stranger = try await fixture.person("Svešā", position: .socialWorker)
        await #expect(throws: ServiceError.validation([FieldProblem(
            "entries", "not booked into \(group.code): Svešā Persona \(fixture.tag) (\(stranger.id.uuidString.lowercased()))"
        )])) {
            try await fixture.attendance.mark(group: group.id, session: session, [.init(personID: stranger.id, mark: .present)], by: op, now: after)
        }
        // A trainer of another group may not mark this one.
        let otherTrainer = try await fixture.caller(fixture.coTrainer.id, [.trainer])
        await #expect(throws: ServiceError.forbidden("only the group's trainers and the inspectorate mark attendance")) {
            try await fixture.attendance.mark(group: group.id, session: session, [.init(personID: people[0], mark: .present)], by: otherTrainer, now: after)
        }
        // Marking opens 30 minutes before the session.
        await #expect(throws: ServiceError.conflict("marking opens at 2027-05-12T08:30:00+03:00, 30 minutes before the session")) {
            try await fixture.attendance.mark(group: group.id, session: session, [.init(personID: people[0], mark: .present)],
                                              by: op, now: try RigaTime.instant(from: "2027-05-12T08:29"))
        }
        _ = try await fixture.attendance.mark(group: group.id, session: session, [.init(personID: people[0], mark: .present)],
                                              by: op, now: try RigaTime.instant(from: "2027-05-12T08:31"))

        // A participant sees their own attendance; someone not in the group sees none.
        let participant = try await fixture.caller(people[0])
        let own = try await fixture.attendance.attendance(of: group.id, by: participant)
        #expect(own.map(\.personID) == [people[0]])
        await #expect(throws: ServiceError.self) { try await fixture.attendance.attendance(of: group.id, by: try await fixture.caller(stranger.id)) }
        await #expect(throws: ServiceError.self) { try await fixture.attendance.changes(of: group.id, by: participant) }
    }
}

import Core
import Database
import Directory
import Foundation
import PostgresNIO
import Scheduling
import Testing
import TestSupport

@Suite(.freshDatabase) struct EnrolmentTests {
    @Test func aHundredAtOnceIntoFifteenPlacesLeavesFifteenBookedAndTheRestWaiting() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.openGroup(capacity: 15)
        let people = try await fixture.participants(100)
        let enrolments = fixture.enrolments
        let statuses = try await withThrowingTaskGroup(of: EnrolmentStatus.self) { tasks in
            for person in people {
                tasks.addTask { try await enrolments.enrol(personID: person, in: group.id, by: SchedulingFixture.operatorActor).status }
            }
            return try await tasks.reduce(into: [EnrolmentStatus]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == .booked }.count == 15)
        #expect(statuses.filter { $0 == .waitlisted }.count == 85)
        let stored = try await fixture.groups.group(id: group.id)
        #expect((stored.booked, stored.waitlisted) == (15, 85))

        // Cancelling one booked place books exactly one from the waitlist: the one who asked first.
        let all = try await enrolments.enrolments(in: group.id, by: SchedulingFixture.operatorActor)
        let firstWaiting = all.filter { $0.status == .waitlisted }.min { $0.queuedAt < $1.queuedAt }!
        let cancelled = try await enrolments.cancel(all.first { $0.status == .booked }!.id, reason: "slimība", by: SchedulingFixture.operatorActor)
        #expect(cancelled.status == .cancelled)
        let after = try await fixture.groups.group(id: group.id)
        #expect((after.booked, after.waitlisted) == (15, 84))
        #expect(try await enrolments.enrolment(id: firstWaiting.id).status == .booked)
    }

    @Test func raisingCapacityPromotesAsManyAsFit() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.openGroup(capacity: 2)
        for person in try await fixture.participants(5) {
            _ = try await fixture.enrolments.enrol(personID: person, in: group.id, by: SchedulingFixture.operatorActor)
        }
        let raised = try await fixture.groups.setCapacity(of: group.id, to: 4, by: SchedulingFixture.operatorActor)
        #expect((raised.booked, raised.waitlisted) == (4, 1))
        await #expect(throws: ServiceError.conflict("4 people are booked; the capacity cannot be lower")) {
            try await fixture.groups.setCapacity(of: group.id, to: 3, by: SchedulingFixture.operatorActor)
        }
    }

    @Test func aGroupsBookedPlacesFollowEveryChangeToItsEnrolments() async throws {
        // Enrolment reads a group's places taken from its row, kept by the enrolments' triggers, not by counting.
        let fixture = try await SchedulingFixture.make()
        let op = SchedulingFixture.operatorActor
        let group = try await fixture.openGroup(capacity: 2)
        let other = try await fixture.openGroup(day: "2027-05-20", capacity: 3)
        let people = try await fixture.participants(5)
        let database = fixture.database
        func stored() async throws -> [Int] {
            try await database.withConnection { connection in
                var found: [Int] = []
                for group in [group.id, other.id] {
                    let (kept, counted) = try await connection.query(
                        """
                        SELECT booked, (SELECT count(*)::int FROM enrolments WHERE group_id = g.id AND status = 'booked')
                        FROM delivery_groups g WHERE id = \(group)
                        """,
                        logger: TestDatabase.logger
                    ).collect()[0].decode((Int, Int).self)
                    #expect(kept == counted)
                    found.append(kept)
                }
                return found
            }
        }
        var enrolled: [Enrolment] = []
        for person in people { enrolled.append(try await fixture.enrolments.enrol(personID: person, in: group.id, by: op)) }
        #expect(try await stored() == [2, 0])
        _ = try await fixture.enrolments.cancel(enrolled[0].id, reason: "slimība", by: op)
        #expect(try await stored() == [2, 0])
        _ = try await fixture.groups.setCapacity(of: group.id, to: 4, by: op)
        #expect(try await stored() == [4, 0])
        for person in people.prefix(3) { _ = try await fixture.enrolments.enrol(personID: person, in: other.id, by: op) }
        #expect(try await stored() == [4, 3])
        // Changes made in SQL, several groups in one statement, are counted too.
        try await database.withConnection { connection in
            try await connection.query(
                """
                UPDATE enrolments SET status = 'cancelled'
                WHERE group_id IN (\(group.id), \(other.id)) AND person_id IN (\(people[1]), \(people[2])) AND status = 'booked'
                """,
                logger: TestDatabase.logger
            )
        }
        #expect(try await stored() == [2, 1])
        // An enrolment moved to another group in SQL leaves one place and takes one.
        try await database.withConnection { connection in
            try await connection.query(
                "UPDATE enrolments SET group_id = \(other.id) WHERE group_id = \(group.id) AND person_id = \(people[3])",
                logger: TestDatabase.logger
            )
        }
        #expect(try await stored() == [1, 2])
        try await database.withConnection { connection in
            try await connection.query(
                "DELETE FROM enrolment_history WHERE enrolment_id IN (SELECT id FROM enrolments WHERE group_id = \(other.id))",
                logger: TestDatabase.logger
            )
            try await connection.query("DELETE FROM enrolments WHERE group_id = \(other.id)", logger: TestDatabase.logger)
        }
        #expect(try await stored() == [1, 0])
    }

    @Test func enrollingTwiceIsRefusedAndACancelledEnrolmentCanBeRenewed() async throws {
        let fixture = try await SchedulingFixture.make()
        let op = SchedulingFixture.operatorActor
        let group = try await fixture.openGroup(capacity: 5)
        let person = try await fixture.participants(1)[0]
        let first = try await fixture.enrolments.enrol(personID: person, in: group.id, by: op)
        await #expect(throws: ServiceError.conflict("the person is enrolled in group \(group.code) already")) {
            try await fixture.enrolments.enrol(personID: person, in: group.id, by: op)
        }
        _ = try await fixture.enrolments.cancel(first.id, reason: "pārplānots", by: op)
        let again = try await fixture.enrolments.enrol(personID: person, in: group.id, by: op)
        #expect(again.id != first.id && again.status == .booked)
        #expect(try await fixture.groups.group(id: group.id).booked == 1)
    }

    @Test func everyChangeIsKeptInTheHistory() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.openGroup(capacity: 1)
        let people = try await fixture.participants(2)
        let first = try await fixture.enrolments.enrol(personID: people[0], in: group.id, by: SchedulingFixture.operatorActor)
        let second = try await fixture.enrolments.enrol(personID: people[1], in: group.id, by: .operator_("sekretāre"))
        _ = try await fixture.enrolments.cancel(first.id, reason: "komandējums", by: .operator_("sekretāre"))
        let promoted = try await fixture.enrolments.enrolment(id: second.id)
        #expect(promoted.history.map(\.status) == [.waitlisted, .booked])
        #expect(promoted.history.last?.reason == "a place became free")
        let cancelled = try await fixture.enrolments.enrolment(id: first.id)
        #expect(cancelled.history.map(\.status) == [.booked, .cancelled])
        #expect(cancelled.history.last?.changedBy == "cli:sekretāre")
        #expect(cancelled.history.last?.reason == "komandējums")
        let outbox = try await fixture.outbox.outbox()
        #expect(outbox.contains { $0.kind == "enrolment_promoted" && $0.groupID == group.id && $0.personID == people[1] })
        // The audit trail has who enrolled and cancelled, written with the change itself.
        let audited = try await fixture.database.withConnection { connection in
            try await connection.query(
                """
                SELECT subject_id, action, actor_label, details::text FROM audit_events
                WHERE subject_type = 'enrolment' AND subject_id IN (\(first.id.uuidString), \(second.id.uuidString)) ORDER BY id
                """,
                logger: TestDatabase.logger
            ).collect().map { try $0.decode((String, String, String, String).self) }
        }
        #expect(audited.map(\.0) == [first.id.uuidString, second.id.uuidString, first.id.uuidString])
        #expect(audited.map(\.1) == ["enrolment.created", "enrolment.created", "enrolment.cancelled"])
        #expect(audited.map(\.2) == ["cli:test", "cli:sekretāre", "cli:sekretāre"])
        let details = try audited.prefix(2).map { try JSONDecoder().decode([String: String].self, from: Data($0.3.utf8)) }
        #expect(details == [["group": group.code, "status": "booked"], ["group": group.code, "status": "waitlisted"]])
    }

    @Test func deadlinesHoldUnlessTheInspectorateOverridesWithAReason() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.openGroup { draft in
            draft.registrationOpensAt = "2027-04-01T09:00"
            draft.registrationClosesAt = "2027-05-01T00:00"
            draft.cancellationDeadline = "2027-05-05T00:00"
        }
        let people = try await fixture.participants(2)
        let late = try RigaTime.instant(from: "2027-05-02T10:00")
        let trainer = try await fixture.caller(fixture.lead.id, [.trainer])
        await #expect(throws: ServiceError.conflict("registration closed at 2027-05-01T00:00:00+03:00")) {
            try await fixture.enrolments.enrol(personID: people[0], in: group.id, by: trainer, now: late)
        }
        let inspector = try await fixture.caller(try await fixture.person("Ilze", position: .inspectorateSpecialist).id, [.inspectorateOfficer])
        await #expect(throws: ServiceError.conflict("registration closed at 2027-05-01T00:00:00+03:00; give overrideReason to override it")) {
            try await fixture.enrolments.enrol(personID: people[0], in: group.id, by: inspector, now: late)
        }
        let overridden = try await fixture.enrolments.enrol(personID: people[0], in: group.id, overrideReason: "aizstāj slimo kolēģi", by: inspector, now: late)
        #expect(overridden.history.first?.reason == "deadline overridden: aizstāj slimo kolēģi")

        let afterDeadline = try RigaTime.instant(from: "2027-05-06T10:00")
        await #expect(throws: ServiceError.conflict("the cancellation deadline passed at 2027-05-05T00:00:00+03:00")) {
            try await fixture.enrolments.cancel(overridden.id, reason: "pārdomāja", by: trainer, now: afterDeadline)
        }
        await #expect(throws: ServiceError.conflict("the cancellation deadline passed at 2027-05-05T00:00:00+03:00; give overrideReason to override it")) {
            try await fixture.enrolments.cancel(overridden.id, reason: "pārdomāja", by: inspector, now: afterDeadline)
        }
        let cancelled = try await fixture.enrolments.cancel(overridden.id, reason: "pārdomāja", overrideReason: "ārkārtas gadījums", by: inspector, now: afterDeadline)
        #expect(cancelled.status == .cancelled)
    }

    @Test func peopleEnrolThemselvesOnlyIntoCoursesForTheirPosition() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.openGroup()
        let inspector = try await fixture.person("Ieva", position: .inspectorateSpecialist)
        let asInspector = try await fixture.caller(inspector.id)
        let worker = try await fixture.participants(1)[0]
        let asWorker = try await fixture.caller(worker)
        await #expect {
            try await fixture.enrolments.enrol(personID: nil, in: group.id, by: asInspector)
        } throws: { error in
            guard case ServiceError.forbidden(let reason) = error else { return false }
            return reason.hasPrefix("\(fixture.courseCode) is for social_worker, orphans_court_member")
        }
        #expect(try await fixture.enrolments.enrol(personID: nil, in: group.id, by: asWorker).status == .booked)
        // A participant may not enrol someone else.
        await #expect(throws: ServiceError.forbidden("you may enrol only yourself, or as a chairperson your court's staff, or as a trainer into your groups")) {
            try await fixture.enrolments.enrol(personID: inspector.id, in: group.id, by: asWorker)
        }
        // Their court's chairperson may.
        let chair = try await fixture.person("Čaklā", position: .orphansCourtChairperson, organisation: fixture.court.id)
        let asChair = try await fixture.caller(chair.id, [.orphansCourtChairperson])
        let colleague = try await fixture.participants(1, prefix: "Kolēģe")[0]
        #expect(try await fixture.enrolments.enrol(personID: colleague, in: group.id, by: asChair).status == .booked)
    }

    /// Many people enrolling themselves at once must not exhaust the connection pool while they wait for the
    /// group's lock (each request works on the connection it holds). The time limit catches a hang; it leaves room
    /// for the 30 accounts' real Argon2 hashes, which take most of the time when the whole suite runs at once.
    @Test(.timeLimit(.minutes(5)))
    func manySelfEnrolmentsAtOnceNeitherHangNorOverbook() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.openGroup(capacity: 5)
        var callers: [Principal] = []
        for person in try await fixture.participants(30, prefix: "Pats") { callers.append(try await fixture.caller(person)) }
        let enrolments = fixture.enrolments
        let statuses = try await withThrowingTaskGroup(of: EnrolmentStatus.self) { tasks in
            for caller in callers {
                tasks.addTask { try await enrolments.enrol(personID: nil, in: group.id, by: caller).status }
            }
            return try await tasks.reduce(into: [EnrolmentStatus]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == .booked }.count == 5)
        #expect(statuses.filter { $0 == .waitlisted }.count == 25)
    }
}

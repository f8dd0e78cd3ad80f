import App
import Core
import Curriculum
import Directory
import Foundation
import HTTPTypes
import Platform
import Scheduling
import Testing
import TestSupport

@Suite(.freshDatabase) struct SchedulingAPITests {
    /// An approved 8-hour course the fixture's trainer is qualified for; returns its code.
    func course(for fixture: DirectoryFixture) async throws -> String {
        let database = try FreshDatabase.current.database
        let code = "API-\(UUID().uuidString.prefix(6))".uppercased()
        _ = try await Services(database: database).catalogue.importCatalogue(
            try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code, status: "approved"))]),
            by: .operator_("test")
        )
        _ = try await Services(database: database).qualifications.grant(
            personID: fixture.trainer.personID, courseCode: code, fromVersion: 1, provisional: false, reason: "tests",
            by: .operator_("test")
        )
        return code
    }

    func groupBody(_ code: String, course: String, lead: UUID, venue: String) throws -> String {
        try jsonBody(["code": code, "courseCode": course, "courseVersion": 1, "region": "riga", "venue": venue,
                      "leadTrainerId": lead.uuidString, "capacity": 2])
    }

    @Test func aTrainerSchedulesTheirOwnGroupAndClashesAre409sNamingTheSession() async throws {
        try await withAPI { api, fixture in
            let course = try await course(for: fixture)
            let trainer = try await api.token(for: fixture.trainer)
            let member = try await api.token(for: fixture.memberA)
            let venue = "Rīgas Latviešu biedrības nams \(course)"

            try await api.request(.post, "/v1/groups", token: member, json: try groupBody("X-\(course)", course: course, lead: fixture.trainer.personID, venue: venue))
                .expectProblem(.forbidden, type: "forbidden")
            let created = try await api.request(.post, "/v1/groups", token: trainer, json: try groupBody("A-\(course)", course: course, lead: fixture.trainer.personID, venue: venue))
            #expect(created.status == .created, "\(created.text)")
            let groupID = try #require(created["id"])
            #expect(created["status"] == "planned")

            let session = try await api.request(.post, "/v1/groups/\(groupID)/sessions", token: trainer,
                                                json: #"{"startsAt": "2027-03-28T02:00", "endsAt": "2027-03-28T05:00", "academicHours": 2}"#)
            #expect(session.status == .created, "\(session.text)")
            let sessions = try #require(try session.json["sessions"] as? [[String: any Sendable]])
            #expect(sessions[0]["startsAtLocal"] as? String == "2027-03-28T02:00:00+02:00")
            #expect(sessions[0]["endsAtLocal"] as? String == "2027-03-28T05:00:00+03:00")
            let firstSession = try #require(sessions[0]["id"] as? String)

            // The same trainer in another group at the same time.
            let other = try await api.request(.post, "/v1/groups", token: trainer, json: try groupBody("B-\(course)", course: course, lead: fixture.trainer.personID, venue: "Cits \(course)"))
            let otherID = try #require(other["id"])
            let clash = try await api.request(.post, "/v1/groups/\(otherID)/sessions", token: trainer,
                                              json: #"{"startsAt": "2027-03-28T04:30", "endsAt": "2027-03-28T06:00", "academicHours": 1}"#)
            try clash.expectProblem(.conflict, type: "conflict")
            #expect(clash["detail"]?.contains("session \(firstSession) of group A-\(course)") == true)

            try await api.request(.post, "/v1/groups/\(groupID)/sessions", token: trainer,
                                  json: #"{"startsAt": "2027-03-28T03:30", "endsAt": "2027-03-28T06:00", "academicHours": 2}"#)
                .expectProblem(.unprocessableContent, type: "validation")
            try await api.request(.post, "/v1/groups/\(groupID)/status", token: trainer, json: #"{"status": "open"}"#)
                .expectProblem(.conflict, type: "conflict")
        }
    }

    /// A request the group's state refuses is a 409, not a 422: the same request suits another group, or this
    /// one at another time. (Contract fuzzing found both answered 422.)
    @Test func whatTheGroupsStateRefusesIsAConflict() async throws {
        try await withAPI { api, fixture in
            let course = try await course(for: fixture)
            let officer = try await api.token(for: fixture.officer)
            let body = try jsonBody(["code": "S-\(course)", "courseCode": course, "courseVersion": 1, "region": "riga",
                                     "venue": "Doma laukums \(course)", "leadTrainerId": fixture.trainer.personID.uuidString, "capacity": 2,
                                     "registrationOpensAt": "2020-01-06T09:00", "registrationClosesAt": "2020-02-03T09:00"])
            let created = try await api.request(.post, "/v1/groups", token: officer, json: body)
            #expect(created.status == .created, "\(created.text)")
            let group = try #require(created["id"])

            // A delivery group is not a trainer cohort, whether or not the body names whom to qualify.
            for completion in ["{}", #"{"completedPersonIds": ["\#(fixture.memberA.personID)"]}"#] {
                let completed = try await api.request(.post, "/v1/groups/\(group)/complete", token: officer, json: completion)
                try completed.expectProblem(.conflict, type: "conflict")
                #expect(completed["detail"]?.contains("not a trainer cohort") == true, "\(completed.text)")
            }
            // Registration closed: the inspectorate may pass it only with a reason; without one, the group's
            // closed registration is what stands in the way.
            let enrolled = try await api.request(.post, "/v1/groups/\(group)/enrolments", token: officer,
                                                 json: #"{"personId": "\#(fixture.memberA.personID)"}"#)
            try enrolled.expectProblem(.conflict, type: "conflict")
            #expect(enrolled["detail"] == "registration closed at 2020-02-03T09:00:00+02:00; give overrideReason to override it")
        }
    }

    @Test func enrolmentsAreSeenByRoleAndTheCalendarFeedIsServed() async throws {
        try await withAPI { api, fixture in
            let course = try await course(for: fixture)
            let trainer = try await api.token(for: fixture.trainer)
            let created = try await api.request(.post, "/v1/groups", token: trainer, json: try groupBody("C-\(course)", course: course, lead: fixture.trainer.personID, venue: "Zāle \(course)"))
            let groupID = try #require(created["id"])
            for (start, end) in [("2027-05-10T09:00", "2027-05-10T12:00"), ("2027-05-10T13:00", "2027-05-10T16:00")] {
                #expect(try await api.request(.post, "/v1/groups/\(groupID)/sessions", token: trainer,
                                              json: #"{"startsAt": "\#(start)", "endsAt": "\#(end)", "academicHours": 4, "modules": ["A"]}"#).status == .created)
            }
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/status", token: trainer, json: #"{"status": "open"}"#)["status"] == "open")

            // Māra (court A, a member: in the course's audience) enrols herself; her chairperson enrols nobody from court B.
            let mara = try await api.token(for: fixture.memberA)
            let own = try await api.request(.post, "/v1/groups/\(groupID)/enrolments", token: mara, json: "{}")
            #expect(own.status == .created, "\(own.text)")
            #expect(own["status"] == "booked")
            let chair = try await api.token(for: fixture.chairpersonA)
            try await api.request(.post, "/v1/groups/\(groupID)/enrolments", token: chair, json: #"{"personId": "\#(fixture.memberB.personID)"}"#)
                .expectProblem(.forbidden, type: "forbidden")
            let admin = try await api.token(for: fixture.administrator)
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/enrolments", token: admin, json: #"{"personId": "\#(fixture.memberB.personID)"}"#).status == .created)

            let asTrainer = try await api.request(.get, "/v1/groups/\(groupID)/enrolments", token: trainer)
            let asChair = try await api.request(.get, "/v1/groups/\(groupID)/enrolments", token: chair)
            let asBaiba = try await api.request(.get, "/v1/groups/\(groupID)/enrolments", token: try await api.token(for: fixture.memberB))
            func people(_ response: APIResponse) throws -> Set<String> {
                let list = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: any Sendable]])
                return Set(list.compactMap { $0["personId"] as? String })
            }
            #expect(try people(asTrainer) == [fixture.memberA.personID, fixture.memberB.personID].map { $0.uuidString.lowercased() }.reduce(into: Set()) { $0.insert($1) })
            #expect(try people(asChair) == [fixture.memberA.personID.uuidString.lowercased()])
            #expect(try people(asBaiba) == [fixture.memberB.personID.uuidString.lowercased()])

            // Māra subscribes to her calendar.
            let feed = try await api.request(.post, "/v1/me/calendar-feed", token: mara)
            let url = try #require(feed["url"])
            let calendar = try await api.request(.get, url)
            #expect(calendar.status == .ok)
            #expect(calendar.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(calendar.text.components(separatedBy: "BEGIN:VEVENT").count == 3)
            try await api.request(.get, "/calendar/not-a-feed.ics").expectProblem(.notFound, type: "not-found")

            // The pilot report is the inspectorate's.
            try await api.request(.get, "/v1/reports/pilot", token: trainer).expectProblem(.forbidden, type: "forbidden")
            #expect(try await api.request(.get, "/v1/reports/pilot", token: admin).status == .ok)
        }
    }

    @Test func qualificationsAndAttendanceFollowTheirRoles() async throws {
        try await withAPI { api, fixture in
            let course = try await course(for: fixture)
            let officer = try await api.token(for: fixture.officer)
            let trainer = try await api.token(for: fixture.trainer)
            let grant = #"{"personId": "\#(fixture.memberB.personID)", "courseCode": "\#(course)", "fromVersion": 1, "reason": "pieredze"}"#
            try await api.request(.post, "/v1/qualifications", token: trainer, json: grant).expectProblem(.forbidden, type: "forbidden")
            let granted = try await api.request(.post, "/v1/qualifications", token: officer, json: grant)
            #expect(granted.status == .created)
            #expect(granted["grantedBy"] == "account:\(fixture.officer.email)")
            try await api.request(.post, "/v1/qualifications", token: officer, json: grant).expectProblem(.conflict, type: "conflict")
            let qualificationID = try #require(granted["id"])
            try await api.request(.post, "/v1/qualifications/\(qualificationID)/withdraw", token: officer, json: #"{"reason": " "}"#)
                .expectProblem(.unprocessableContent, type: "validation")
            let withdrawn = try await api.request(.post, "/v1/qualifications/\(qualificationID)/withdraw", token: officer, json: #"{"reason": "pārcēlās darbā"}"#)
            #expect(withdrawn["status"] == "withdrawn")
            try await api.request(.get, "/v1/people/\(fixture.memberB.personID)/qualifications", token: try await api.token(for: fixture.memberA))
                .expectProblem(.forbidden, type: "forbidden")
            let list = try await api.request(.get, "/v1/people/\(fixture.memberB.personID)/qualifications", token: trainer)
            #expect(list.status == .ok && list.text.contains("pārcēlās darbā"))

            // Attendance: the group's trainer records it once a session has begun; members may not.
            let created = try await api.request(.post, "/v1/groups", token: trainer, json: try groupBody("D-\(course)", course: course, lead: fixture.trainer.personID, venue: "Zāle D \(course)"))
            let groupID = try #require(created["id"])
            let withSession = try await api.request(.post, "/v1/groups/\(groupID)/sessions", token: trainer,
                                                    json: #"{"startsAt": "2027-05-12T09:00", "endsAt": "2027-05-12T12:00", "academicHours": 4}"#)
            let sessionID = try #require((try withSession.json["sessions"] as? [[String: any Sendable]])?.first?["id"] as? String)
            let attendance = #"{"entries": [{"personId": "\#(fixture.memberA.personID)", "status": "present"}]}"#
            try await api.request(.post, "/v1/groups/\(groupID)/sessions/\(sessionID)/attendance", token: try await api.token(for: fixture.memberA), json: attendance)
                .expectProblem(.forbidden, type: "forbidden")
            try await api.request(.post, "/v1/groups/\(groupID)/sessions/\(sessionID)/attendance", token: trainer, json: attendance)
                .expectProblem(.conflict, type: "conflict")  // the session is in 2027
            try await api.request(.get, "/v1/groups/\(groupID)/attendance", token: try await api.token(for: fixture.chairpersonA))
                .expectProblem(.forbidden, type: "forbidden")
            #expect(try await api.request(.get, "/v1/groups/\(groupID)/attendance", token: trainer).status == .ok)
        }
    }
}

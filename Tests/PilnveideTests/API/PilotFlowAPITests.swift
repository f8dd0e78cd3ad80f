import App
import Core
import Curriculum
import Directory
import Foundation
import HTTPTypes
import Platform
import Testing
import TestSupport

/// One whole pilot, through HTTP as its users would do it: a 16-hour group of 15 participants, marked (some
/// partly), closed, recorded, answered and reported on.
@Suite(.freshDatabase) struct PilotFlowAPITests {
    @Test func aPilotGroupFromSignInSheetsToTheReports() async throws {
        try await withAPI { api, fixture in
            let database = try FreshDatabase.current.database
            let services = try await Services(database: database)
            let operatorActor = Principal.operator_("test")
            let tag = String(UUID().uuidString.prefix(6))
            let course = "PILOTS-\(tag)"
            _ = try await services.catalogue.importCatalogue(try CourseText.catalogue([(
                "\(course.lowercased()).yaml",
                CourseText.course(code: course, status: "approved", hours: 16, extra: "pilot: { groups: 2, regions: 2, minimum_participants: 15 }",
                                  effectiveFrom: "2026-01-01")
            )]), by: operatorActor)
            _ = try await services.qualifications.grant(personID: fixture.trainer.personID, courseCode: course, fromVersion: 1,
                                                        provisional: false, reason: "pilotu vadītājs", by: operatorActor)
            // Fifteen social workers of court A (Rīga), names with Latvian letters.
            let rows = (1...15).map { "Dalībniece\(String(format: "%02d", $0)),Ābele-Šķēle \(tag),social_worker,\(fixture.courtA.name)" }
            _ = try await services.directory.importPeople(csv: "given_name,family_name,position,organisation\n" + rows.joined(separator: "\n"), by: operatorActor)
            let people = try await database.withConnection { connection in
                try await connection.query(
                    "SELECT id FROM people WHERE family_name = \("Ābele-Šķēle \(tag)") ORDER BY given_name", logger: TestDatabase.logger
                ).decode(UUID.self).reduce(into: [UUID]()) { $0.append($1) }
            }
            #expect(people.count == 15)
            var callers: [Caller] = []
            for (index, person) in people.prefix(6).enumerated() {
                callers.append(try await services.accounts.createAccount(
                    email: "dalibniece\(index)-\(tag.lowercased())@example.lv", personID: person, roles: [],
                    password: DirectoryFixture.password, by: operatorActor
                ))
            }
            let trainer = try await api.token(for: fixture.trainer)
            let officer = try await api.token(for: fixture.officer)
            let chairperson = try await api.token(for: fixture.chairpersonA)

            // The trainer schedules it: two 8-hour days that have just taken place.
            let today = CalendarDate.today(now: Date())
            let days = [today.adding(days: -2), today.adding(days: -1)]
            let created = try await api.request(.post, "/v1/groups", token: trainer, json: try jsonBody([
                "code": "PILOTS-RIGA-\(tag)", "courseCode": course, "courseVersion": 1, "region": "riga", "pilot": true,
                "venue": "Rīgas Latviešu biedrības nams, Zelta zāle \(tag)", "leadTrainerId": fixture.trainer.personID.uuidString, "capacity": 20,
            ]))
            #expect(created.status == .created, "\(created.text)")
            let groupID = try #require(created["id"])
            for (day, module) in zip(days, ["A", "B"]) {
                let added = try await api.request(.post, "/v1/groups/\(groupID)/sessions", token: trainer, json: try jsonBody([
                    "startsAt": "\(day)T09:00", "endsAt": "\(day)T15:00", "academicHours": 8, "modules": [module],
                ]))
                #expect(added.status == .created, "\(added.text)")
            }
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/status", token: trainer, json: #"{"status": "open"}"#)["status"] == "open")
            for person in people {
                let enrolled = try await api.request(.post, "/v1/groups/\(groupID)/enrolments", token: officer,
                                                     json: #"{"personId": "\#(person.uuidString)"}"#)
                #expect(enrolled["status"] == "booked", "\(enrolled.text)")
            }
            for status in ["confirmed", "in_progress"] {
                #expect(try await api.request(.post, "/v1/groups/\(groupID)/status", token: trainer, json: #"{"status": "\#(status)"}"#)["status"] == status)
            }
            let group = try await api.request(.get, "/v1/groups/\(groupID)", token: trainer)
            let sessions = try #require(try group.json["sessions"] as? [[String: any Sendable]]).compactMap { $0["id"] as? String }
            #expect(sessions.count == 2)

            // The sign-in sheets: on day one, 13 present, one for 300 of 360 minutes, one absent; on day two all
            // but that one, who is excused.
            func sheet(_ entries: [(UUID, String, Int?)]) throws -> String {
                try jsonBody(["entries": entries.map { person, status, minutes in
                    var entry: [String: any Sendable] = ["personId": person.uuidString, "status": status]
                    if let minutes { entry["minutesAttended"] = minutes }
                    return entry
                }])
            }
            let dayOne = try sheet(people.enumerated().map { index, person in
                index == 13 ? (person, "partial", 300) : index == 14 ? (person, "absent", nil) : (person, "present", nil)
            })
            let marked = try await api.request(.post, "/v1/groups/\(groupID)/sessions/\(sessions[0])/attendance", token: trainer, json: dayOne)
            #expect(marked.status == .ok, "\(marked.text)")
            // The same sheet again changes nothing.
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/sessions/\(sessions[0])/attendance", token: trainer, json: dayOne).text == marked.text)
            let dayTwo = try sheet(people.enumerated().map { index, person in (person, index == 14 ? "excused" : "present", nil) })
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/sessions/\(sessions[1])/attendance", token: trainer, json: dayTwo).status == .ok)
            let changes = try await api.request(.get, "/v1/groups/\(groupID)/attendance/changes", token: trainer)
            #expect((try JSONSerialization.jsonObject(with: Data(changes.text.utf8)) as? [Any])?.isEmpty == true, "\(changes.text)")
            // A participant who is not booked is named; a participant cannot mark.
            try await api.request(.post, "/v1/groups/\(groupID)/sessions/\(sessions[0])/attendance", token: trainer,
                                  json: try sheet([(fixture.memberB.personID, "present", nil)])).expectProblem(.unprocessableContent, type: "validation")
            try await api.request(.post, "/v1/groups/\(groupID)/sessions/\(sessions[0])/attendance", token: try await api.token(for: callers[0]),
                                  json: dayTwo).expectProblem(.forbidden, type: "forbidden")

            // The attendance sheet as CSV keeps the names intact.
            let csv = try await api.request(.get, "/v1/groups/\(groupID)/attendance", token: trainer, headers: [.accept: "text/csv"])
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("Ābele-Šķēle \(tag),Dalībniece14,partial,300,6"))
            #expect(csv.text.split(separator: "\r\n").count == 1 + 15 * 2)
            let own = try await api.request(.get, "/v1/groups/\(groupID)/attendance", token: try await api.token(for: callers[1]))
            #expect(own.status == .ok && own.text.contains(people[1].uuidString.lowercased()) && !own.text.contains(people[2].uuidString.lowercased()))

            // Assessment: everyone passes but the twelfth.
            let results = try jsonBody(["results": people.enumerated().map { index, person in
                ["personId": person.uuidString, "passed": index != 11] as [String: any Sendable]
            }])
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/assessments", token: trainer, json: results).status == .ok)

            // The preview, then the closing.
            let preview = try await api.request(.get, "/v1/groups/\(groupID)/closing", token: trainer)
            #expect(preview.status == .ok, "\(preview.text)")
            let outcomes = try #require(try preview.json["outcomes"] as? [[String: any Sendable]])
            let reasons = Dictionary(uniqueKeysWithValues: outcomes.map { ($0["personId"] as! String, $0["reasons"] as! [String]) })
            #expect(reasons[people[11].uuidString.lowercased()] == ["assessment not passed"])
            #expect(reasons[people[13].uuidString.lowercased()] == ["module A not attended"])  // 6 + 8 = 14 of 16 is enough
            #expect(reasons[people[14].uuidString.lowercased()] == ["attended 0 of 16 academic hours; 80% required", "module A not attended"])
            #expect(reasons.values.filter(\.isEmpty).count == 12)
            let closed = try await api.request(.post, "/v1/groups/\(groupID)/close", token: trainer)
            #expect(try closed.status == .ok && (closed.json["closed"] as? Bool) == true, "\(closed.text)")
            try await api.request(.post, "/v1/groups/\(groupID)/close", token: trainer).expectProblem(.conflict, type: "conflict")

            // Training records: a participant's own, the chairperson's court's.
            let mine = try await api.request(.get, "/v1/me/training-records", token: try await api.token(for: callers[0]))
            #expect(try mine.items.count == 1 && (mine.items[0]["outcome"] as? String) == "completed", "\(mine.text)")
            #expect(try (mine.items[0]["academicHours"] as? Double) == 16 && (mine.items[0]["groupCode"] as? String) == "PILOTS-RIGA-\(tag)")
            let court = try await api.request(.get, "/v1/training-records?courseCode=\(course)&limit=50", token: chairperson)
            #expect((try court.json["total"] as? Int) == 15)
            try await api.request(.get, "/v1/training-records?organisationId=\(fixture.courtB.id)", token: chairperson)
                .expectProblem(.forbidden, type: "forbidden")
            let courtEnrolments = try await api.request(.get, "/v1/enrolments", token: chairperson)
            #expect(courtEnrolments.status == .ok && courtEnrolments.text.components(separatedBy: "\"booked\"").count - 1 >= 15)

            // Feedback: four answers show nothing, five show the aggregate.
            let answers = #"{"answers": [{"item": "Q1", "score": 5}, {"item": "Q2", "score": 4}, {"item": "Q3", "score": 5}, {"item": "Q4", "score": 4}, {"item": "Q5", "score": 3}, {"item": "C2", "comment": "Vairāk prakses, mazāk lekciju — paldies!"}]}"#
            for caller in callers.prefix(4) {
                #expect(try await api.request(.post, "/v1/groups/\(groupID)/feedback", token: try await api.token(for: caller), json: answers).status == .noContent)
            }
            let fifth = try await api.token(for: callers[4])
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/feedback", token: fifth, json: answers).status == .noContent)
            try await api.request(.post, "/v1/groups/\(groupID)/feedback", token: fifth, json: answers).expectProblem(.conflict, type: "conflict")
            // While the questionnaire is open the trainer sees how many answered, nothing more.
            let open = try await api.request(.get, "/v1/groups/\(groupID)/feedback", token: trainer)
            #expect(try open.json["withheld"] as? Bool == true && open.json["answers"] as? Int == 5, "\(open.text)")
            let report = try await api.request(.post, "/v1/groups/\(groupID)/lecturer-reports", token: trainer,
                                               json: #"{"whatWorked": "Lomu spēles\nun diskusijas", "whatToChange": "Moduli B sadalīt divās daļās", "modules": [{"module": "B", "whatToChange": "Vairāk laika"}]}"#)
            #expect(report.status == .created, "\(report.text)")
            // After the deadline (two weeks on; the server's clock cannot be moved, the service's can) five
            // answers are shown as aggregates.
            let later = Date().addingTimeInterval(15 * 24 * 3600)
            let shown = try await services.feedback.results(of: try #require(UUID(uuidString: groupID)), by: operatorActor, now: later)
            #expect(!shown.withheld && shown.answers == 5)
            #expect(shown.items.first { $0.item.code == "Q1" }?.mean == 5 && shown.items.first { $0.item.code == "C2" }?.comments.first == "Vairāk prakses, mazāk lekciju — paldies!")
            let courseFeedback = try await services.feedback.courseReport(code: course, version: 1, by: operatorActor, now: later)
            #expect(courseFeedback.answers == 5 && courseFeedback.lecturerReports.first?.whatToChange == "Moduli B sadalīt divās daļās")
            // Prose keeps its line breaks; names and codes may not have any.
            #expect(courseFeedback.lecturerReports.first?.whatWorked == "Lomu spēles\nun diskusijas")

            // The national summary and the pilot report reflect who completed.
            let summary = try await api.request(.get, "/v1/reports/training-summary?courseCode=\(course)", token: officer)
            let summaryJSON = try #require(try JSONSerialization.jsonObject(with: Data(summary.text.utf8)) as? [[String: any Sendable]])
            #expect(summaryJSON.count == 1 && summaryJSON[0]["people"] as? Int == 12 && summaryJSON[0]["region"] as? String == "riga"
                    && summaryJSON[0]["position"] as? String == "social_worker")
            let summaryCSV = try await api.request(.get, "/v1/reports/training-summary?courseCode=\(course)", token: officer, headers: [.accept: "text/csv"])
            #expect(summaryCSV.text == "\u{FEFF}course_code,course_version,region,position,people\r\n\(course),1,riga,social_worker,12\r\n")
            try await api.request(.get, "/v1/reports/training-summary", token: chairperson).expectProblem(.forbidden, type: "forbidden")
            let pilot = try await api.request(.get, "/v1/reports/pilot", token: officer)
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(pilot.text.utf8)) as? [[String: any Sendable]])
            let entry = try #require(entries.first { $0["courseCode"] as? String == course })
            let pilotGroups = try #require(entry["groups"] as? [[String: any Sendable]])
            #expect(pilotGroups.count == 1 && pilotGroups[0]["participants"] as? Int == 15 && pilotGroups[0]["completed"] as? Int == 12)
        }
    }

    @Test func everyTrainingOperationRefusesRolesItDoesNotName() async throws {
        try await withAPI { api, fixture in
            let services = try await Services(database: try FreshDatabase.current.database)
            let course = "ROLES-\(UUID().uuidString.prefix(6))"
            _ = try await services.catalogue.importCatalogue(try CourseText.catalogue([
                ("\(course.lowercased()).yaml", CourseText.course(code: course, status: "approved")),
            ]), by: .operator_("test"))
            _ = try await services.qualifications.grant(personID: fixture.trainer.personID, courseCode: course, fromVersion: 1,
                                                        provisional: false, reason: "tests", by: .operator_("test"))
            let trainer = try await api.token(for: fixture.trainer)
            let officer = try await api.token(for: fixture.officer)
            let member = try await api.token(for: fixture.memberA)
            let created = try await api.request(.post, "/v1/groups", token: trainer, json: try jsonBody([
                "code": "R-\(course)", "courseCode": course, "courseVersion": 1, "region": "riga", "venue": "Zāle \(course)",
                "leadTrainerId": fixture.trainer.personID.uuidString, "capacity": 5,
            ]))
            let group = try #require(created["id"])
            let external = try await api.request(.post, "/v1/training-records", token: officer, json: try jsonBody([
                "personId": fixture.memberA.personID.uuidString, "provider": "Rīgas Stradiņa universitāte", "title": "Saruna ar bērnu",
                "academicHours": 8, "completedOn": "2026-10-01", "evidenceReference": "RSU 2026/1",
            ]))
            #expect(external.status == .created, "\(external.text)")
            let record = try #require(external["id"])
            let report = #"{"whatWorked": "x", "whatToChange": "y"}"#
            let forbidden: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/v1/groups/\(group)/closing", nil),
                (.post, "/v1/groups/\(group)/close", nil),
                (.post, "/v1/groups/\(group)/assessments", #"{"results": [{"personId": "\#(fixture.memberA.personID)", "passed": true}]}"#),
                (.get, "/v1/groups/\(group)/attendance/changes", nil),
                (.get, "/v1/groups/\(group)/attendance", nil),
                (.get, "/v1/groups/\(group)/feedback", nil),
                (.post, "/v1/groups/\(group)/lecturer-reports", report),
                (.get, "/v1/courses/\(course)/versions/1/feedback", nil),
                (.post, "/v1/training-records", #"{"personId": "\#(fixture.memberA.personID)", "provider": "x", "title": "y", "academicHours": 1, "completedOn": "2026-10-01", "evidenceReference": "z"}"#),
                (.post, "/v1/training-records/\(record)/approve", nil),
                (.post, "/v1/training-records/\(record)/corrections", #"{"academicHours": 4, "reason": "x"}"#),
                (.get, "/v1/training-records?personId=\(fixture.memberB.personID)", nil),
                (.get, "/v1/reports/training-summary", nil),
                (.get, "/v1/enrolments", nil),
                (.get, "/v1/reports/pilot", nil),
                (.post, "/v1/groups/\(group)/complete", "{}"),
                (.post, "/v1/groups/\(group)/sessions/\(UUID())/attendance", #"{"entries": [{"personId": "\#(fixture.memberA.personID)", "status": "present"}]}"#),
            ]
            for (method, path, body) in forbidden {
                let response = try await api.request(method, path, token: member, json: body)
                #expect(response.status == .forbidden, "\(method) \(path): \(response.text)")
                try response.expectProblem(.forbidden, type: "forbidden")
            }
            // A chairperson sees neither another court's enrolments nor a record of someone outside their court.
            let chairperson = try await api.token(for: fixture.chairpersonA)
            try await api.request(.get, "/v1/enrolments?organisationId=\(fixture.courtB.id)", token: chairperson).expectProblem(.forbidden, type: "forbidden")
            try await api.request(.get, "/v1/training-records/\(record)", token: try await api.token(for: fixture.memberB))
                .expectProblem(.forbidden, type: "forbidden")
            // Another trainer does not see a group's feedback.
            let otherTrainer = try await services.accounts.createAccount(
                email: "cits-treneris-\(course.lowercased())@example.lv",
                personID: try await services.directory.createPerson(.init(givenName: "Cits", familyName: "Treneris", position: "trainer"), by: .operator_("test")).person.id,
                roles: [.trainer], password: DirectoryFixture.password, by: .operator_("test")
            )
            try await api.request(.get, "/v1/groups/\(group)/feedback", token: try await api.token(for: otherTrainer)).expectProblem(.forbidden, type: "forbidden")
            try await api.request(.get, "/v1/groups/\(group)/closing", token: try await api.token(for: otherTrainer)).expectProblem(.forbidden, type: "forbidden")
            // The person sees their own record waiting for approval; the officer who recorded it may not approve it.
            let own = try await api.request(.get, "/v1/training-records/\(record)", token: member)
            #expect(try own.status == .ok && (JSONSerialization.jsonObject(with: Data(own.text.utf8)) as? [[String: any Sendable]])?.first?["counts"] as? Bool == false)
            try await api.request(.post, "/v1/training-records/\(record)/approve", token: officer).expectProblem(.forbidden, type: "forbidden")
            let approved = try await api.request(.post, "/v1/training-records/\(record)/approve", token: try await api.token(for: fixture.administrator))
            #expect(try approved.status == .ok && approved.json["counts"] as? Bool == true, "\(approved.text)")
            // Validation names the fields.
            let invalid = try await api.request(.post, "/v1/training-records", token: officer,
                                                json: #"{"personId": "\#(fixture.memberA.personID)", "provider": " ", "title": "y", "academicHours": 1.1, "completedOn": "01.10.2026", "evidenceReference": "z"}"#)
            try invalid.expectProblem(.unprocessableContent, type: "validation")
            let fields = try #require(try invalid.json["errors"] as? [[String: any Sendable]]).compactMap { $0["field"] as? String }
            #expect(fields == ["provider", "academicHours", "completedOn"])
        }
    }
}

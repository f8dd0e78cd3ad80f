import App
import Core
import Curriculum
import Directory
import Foundation
import HTTPTypes
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
                CourseText.course(code: course, status: "approved", hours: 16, extra: "pilot: { groups: 2, regions: 2, minimum_participants: 15 }")
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
            let withheld = try await api.request(.get, "/v1/groups/\(groupID)/feedback", token: trainer)
            #expect(try (withheld.json["withheld"] as? Bool) == true && (withheld.json["items"] as? [Any])?.isEmpty == true)
            let fifth = try await api.token(for: callers[4])
            #expect(try await api.request(.post, "/v1/groups/\(groupID)/feedback", token: fifth, json: answers).status == .noContent)
            try await api.request(.post, "/v1/groups/\(groupID)/feedback", token: fifth, json: answers).expectProblem(.conflict, type: "conflict")
            let shown = try await api.request(.get, "/v1/groups/\(groupID)/feedback", token: trainer)
            #expect(try (shown.json["withheld"] as? Bool) == false && (shown.json["answers"] as? Int) == 5)
            #expect(shown.text.contains("Vairāk prakses, mazāk lekciju — paldies!"))
            let report = try await api.request(.post, "/v1/groups/\(groupID)/lecturer-reports", token: trainer,
                                               json: #"{"whatWorked": "Lomu spēles", "whatToChange": "Moduli B sadalīt divās daļās", "modules": [{"module": "B", "whatToChange": "Vairāk laika"}]}"#)
            #expect(report.status == .created, "\(report.text)")
            let courseFeedback = try await api.request(.get, "/v1/courses/\(course)/versions/1/feedback", token: officer)
            #expect(try courseFeedback.status == .ok && (courseFeedback.json["answers"] as? Int) == 5 && courseFeedback.text.contains("Moduli B sadalīt"))

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
}

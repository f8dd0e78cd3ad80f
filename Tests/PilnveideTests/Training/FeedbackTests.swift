import Core
import Curriculum
import Directory
import Feedback
import Foundation
import Scheduling
import Testing
import TestSupport
import Training

/// Participants' questionnaires (anonymous, aggregates only from five answers) and lecturers' reports.
@Suite(.freshDatabase) struct FeedbackTests {
    let op = SchedulingFixture.operatorActor

    /// The standard questionnaire's five scale items scored `score`, and a comment.
    func answers(_ score: Int, comment: String? = nil) -> [FeedbackAnswer] {
        (1...5).map { FeedbackAnswer(item: "Q\($0)", score: score) } + (comment.map { [FeedbackAnswer(item: "C2", comment: $0)] } ?? [])
    }

    func startedGroup(_ fixture: SchedulingFixture, day: String, count: Int) async throws -> (Group, [UUID]) {
        let group = try await fixture.openGroup(day: day)
        let people = try await fixture.participants(count, prefix: "F\(day.suffix(2))-")
        for person in people { _ = try await fixture.enrolments.enrol(personID: person, in: group.id, by: op) }
        try await fixture.start(group)
        return (group, people)
    }

    @Test func fourAnswersShowNothingFiveShowAggregatesAndNobodyAnswersTwice() async throws {
        let fixture = try await SchedulingFixture.make()
        let (four, fourPeople) = try await startedGroup(fixture, day: "2027-06-01", count: 4)
        let (five, fivePeople) = try await startedGroup(fixture, day: "2027-06-04", count: 6)
        var callers: [Principal] = []
        for person in fourPeople + fivePeople { callers.append(try await fixture.caller(person)) }
        let (fourCallers, fiveCallers) = (Array(callers.prefix(4)), Array(callers.suffix(6)))
        let afterFour = try RigaTime.instant(from: "2027-06-01T16:10"), afterFive = try RigaTime.instant(from: "2027-06-04T16:10")
        let closed = try RigaTime.instant(from: "2027-06-20T10:00")

        await #expect(throws: ServiceError.conflict("the questionnaire opens at 2027-06-01T13:00:00+03:00")) {
            try await fixture.feedback.answer(answers(5), group: four.id, by: fourCallers[0], now: try RigaTime.instant(from: "2027-06-01T12:00"))
        }
        await #expect(throws: ServiceError.validation([FieldProblem("answers", "Q5 is not answered")])) {
            try await fixture.feedback.answer(Array(answers(5).prefix(4)), group: four.id, by: fourCallers[0], now: afterFour)
        }
        await #expect(throws: ServiceError.validation([FieldProblem("answers[0].score", "Q1 is answered with a score from 1 to 5")])) {
            try await fixture.feedback.answer([FeedbackAnswer(item: "Q1", score: 6)] + answers(5).dropFirst(), group: four.id, by: fourCallers[0], now: afterFour)
        }
        for (index, caller) in fourCallers.enumerated() {
            try await fixture.feedback.answer(answers(index + 2, comment: "Vairāk gadījumu analīzes \(index)"), group: four.id, by: caller, now: afterFour)
        }
        for (index, caller) in fiveCallers.prefix(5).enumerated() {
            try await fixture.feedback.answer(answers(index + 1 == 1 ? 5 : index + 1, comment: "Komentārs \(index)"), group: five.id, by: caller, now: afterFive)
        }
        await #expect(throws: ServiceError.conflict("you have answered this group's questionnaire already")) {
            try await fixture.feedback.answer(answers(1), group: five.id, by: fiveCallers[0], now: afterFive)
        }
        // While the questionnaire is open nothing is shown, however many answered: each new answer would show.
        let open = try await fixture.feedback.results(of: five.id, by: op, now: afterFive)
        #expect(open.withheld && open.answers == 5 && open.items.isEmpty)
        #expect(open.message == "5 answer(s) so far: results are shown once the questionnaire closes at 2027-06-18T16:00:00+03:00")
        // Once closed: four answers show nothing, five show the aggregates.
        let withheld = try await fixture.feedback.results(of: four.id, by: op, now: closed)
        #expect(withheld.withheld && withheld.answers == 4 && withheld.items.isEmpty)
        #expect(withheld.message == "4 answer(s): results are shown from 5 answers on, so no one can be singled out")
        let shown = try await fixture.feedback.results(of: five.id, by: op, now: closed)
        #expect(!shown.withheld && shown.answers == 5)
        let q1 = try #require(shown.items.first { $0.item.code == "Q1" })
        #expect(q1.count == 5 && q1.mean == 3.8 && q1.distribution == [0, 1, 1, 1, 2])  // scores 5, 2, 3, 4, 5
        let c2 = try #require(shown.items.first { $0.item.code == "C2" })
        #expect(c2.comments.count == 5 && c2.mean == nil && c2.distribution.isEmpty)

        // Past the deadline (14 days after the last session) no one answers.
        await #expect(throws: ServiceError.conflict("the questionnaire closed at 2027-06-18T16:00:00+03:00")) {
            try await fixture.feedback.answer(answers(3), group: five.id, by: fiveCallers[5], now: closed)
        }
        // Someone not booked cannot answer; a participant cannot read the results.
        let stranger = try await fixture.caller(try await fixture.person("Svešinieks", position: .socialWorker).id)
        await #expect(throws: ServiceError.forbidden("only the group's booked participants answer its questionnaire")) {
            try await fixture.feedback.answer(answers(3), group: five.id, by: stranger, now: afterFive)
        }
        await #expect(throws: ServiceError.self) { try await fixture.feedback.results(of: five.id, by: fiveCallers[0], now: closed) }
        // The course report counts only the group with enough answers.
        let course = try await fixture.feedback.courseReport(code: fixture.courseCode, version: 1, by: op, now: closed)
        #expect(course.answers == 5 && course.groups.filter(\.included).map(\.groupCode) == [five.code])

        // Reading the results wrote nothing: the answers wait in the inbox until the daily release moves them.
        func stored() async throws -> (inbox: Int, released: Int) {
            try await fixture.database.withConnection { connection in
                try await connection.query(
                    """
                    SELECT (SELECT count(*)::int FROM feedback_inbox WHERE group_id = \(five.id)),
                           (SELECT count(*)::int FROM feedback_responses WHERE group_id = \(five.id))
                    """, logger: TestDatabase.logger
                ).decode((Int, Int).self).reduce((0, 0)) { $1 }
            }
        }
        #expect(try await stored() == (5, 0))
        // Not before the questionnaire closes; once it has, every closed group's answers move, and read the same.
        #expect(try await fixture.feedback.releaseClosed(now: afterFive) == 0)
        #expect(try await fixture.feedback.releaseClosed(now: closed) >= 2)
        #expect(try await stored() == (0, 5))
        #expect(try await fixture.feedback.results(of: five.id, by: op, now: closed) == shown)

        // The answers carry no link to the people: nothing in their tables names a person or a time, and the
        // released answers were written by one transaction, apart from the ones that noted who answered.
        let (columns, transactions) = try await fixture.database.withConnection { connection in
            let columns = try await connection.query(
                """
                SELECT column_name FROM information_schema.columns
                WHERE table_name IN ('feedback_inbox', 'feedback_responses', 'feedback_answers') ORDER BY column_name
                """,
                logger: TestDatabase.logger
            ).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            let transactions = try await connection.query(
                """
                SELECT count(DISTINCT r.xmin::text)::int, count(*) FILTER (WHERE r.xmin::text IN (SELECT xmin::text FROM feedback_respondents))::int
                FROM feedback_responses r WHERE r.group_id = \(five.id)
                """,
                logger: TestDatabase.logger
            ).decode((Int, Int).self).reduce((0, 0)) { $1 }
            return (columns, transactions)
        }
        #expect(columns == ["answers", "comment", "group_id", "group_id", "id", "id", "item", "response_id", "score"])
        #expect(transactions == (1, 0))
    }

    @Test func twoAnswersSentAtOnceByOnePersonStoreOne() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people) = try await startedGroup(fixture, day: "2027-06-02", count: 1)
        let caller = try await fixture.caller(people[0])
        let after = try RigaTime.instant(from: "2027-06-02T16:10")
        let service = fixture.feedback
        let answers = answers(4)
        async let first: Void = service.answer(answers, group: group.id, by: caller, now: after)
        async let second: Void = service.answer(answers, group: group.id, by: caller, now: after)
        var succeeded = 0
        do { try await first; succeeded += 1 } catch let error as ServiceError {
            #expect(error == .conflict("you have answered this group's questionnaire already"))
        }
        do { try await second; succeeded += 1 } catch let error as ServiceError {
            #expect(error == .conflict("you have answered this group's questionnaire already"))
        }
        #expect(succeeded == 1)
        let stored = try await fixture.database.withConnection { connection in
            // Waiting or released: another test may release closed groups' answers meanwhile.
            try await connection.query(
                """
                SELECT (SELECT count(*)::int FROM feedback_inbox WHERE group_id = \(group.id))
                     + (SELECT count(*)::int FROM feedback_responses WHERE group_id = \(group.id))
                """, logger: TestDatabase.logger
            ).decode(Int.self).reduce(0) { $1 }
        }
        #expect(stored == 1)
    }

    @Test func lecturersReportAndTheCourseReportGathersTheFeedback() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, _) = try await startedGroup(fixture, day: "2027-06-03", count: 1)
        let lead = try await fixture.caller(fixture.lead.id, [.trainer])
        let draft = LecturerReportDraft(whatWorked: "Lomu spēles", whatToChange: "Vairāk laika modulim A",
                                        modules: [.init(module: "A", whatWorked: nil, whatToChange: "Pievienot gadījumu par pusaudžiem")])
        await #expect(throws: ServiceError.validation([FieldProblem("modules[0].module", "\(fixture.courseCode) has no module Z")])) {
            try await fixture.feedback.report(LecturerReportDraft(whatWorked: "x", whatToChange: "y", modules: [.init(module: "Z", whatWorked: "x", whatToChange: nil)]),
                                              on: group.id, by: lead)
        }
        let other = try await fixture.caller(fixture.coTrainer.id, [.trainer])
        await #expect(throws: ServiceError.forbidden("only the group's trainers report on it")) {
            try await fixture.feedback.report(draft, on: group.id, by: other)
        }
        let report = try await fixture.feedback.report(draft, on: group.id, by: lead)
        #expect(report.groupCode == group.code && report.modules.first?.whatToChange == "Pievienot gadījumu par pusaudžiem")
        await #expect(throws: ServiceError.conflict("you have reported on \(group.code) already")) {
            try await fixture.feedback.report(draft, on: group.id, by: lead)
        }
        let course = try await fixture.feedback.courseReport(code: fixture.courseCode, version: 1, by: op)
        #expect(course.groups.map(\.groupCode) == [group.code] && course.groups[0].included == false)
        #expect(course.lecturerReports.map(\.id) == [report.id])
        #expect(course.items.count == 7 && course.answers == 0)
        await #expect(throws: ServiceError.self) { try await fixture.feedback.courseReport(code: fixture.courseCode, version: 1, by: lead) }

        // A new version's change log may cite the group and the report, and only what exists.
        func version2(citing references: [String]) throws -> CourseCatalogue {
            let text = CourseText.course(code: fixture.courseCode, version: 2, status: "draft").replacingOccurrences(
                of: #"changes: "Redakcija 2", reason: "Atsauksmes" }"#,
                with: #"changes: "Redakcija 2", reason: "Atsauksmes", feedback: [\#(references.map { "\"\($0)\"" }.joined(separator: ", "))] }"#
            )
            return try CourseText.catalogue([("\(fixture.courseCode.lowercased()).yaml", text)])
        }
        let missing = try version2(citing: ["group:NAV-TADAS", "lecturer-report:\(report.id.uuidString.lowercased())"])
        do {
            _ = try await fixture.services.catalogue.importCatalogue(missing, by: op)
            Issue.record("a citation of a group that does not exist was imported")
        } catch let problems as FileProblems {
            #expect(problems.problems.map(\.message) == ["the change log cites group:NAV-TADAS, but no group has code NAV-TADAS"])
        }
        let report2 = try await fixture.services.catalogue.importCatalogue(
            try version2(citing: ["group:\(group.code)", "lecturer-report:\(report.id.uuidString.lowercased())"]), by: op
        )
        #expect(report2.entries.map(\.version) == [2])
        // A reference that is not one at all is a problem of the file, before any database.
        #expect(CourseText.problems([("x.yaml", CourseText.course(code: "X", version: 2).replacingOccurrences(
            of: #"reason: "Atsauksmes" }"#, with: #"reason: "Atsauksmes", feedback: ["pilotgrupa Kurzemē"] }"#))]).contains {
            $0.contains("feedback reference 'pilotgrupa Kurzemē' must be group:<group code> or lecturer-report:<report id>")
        })
    }
}

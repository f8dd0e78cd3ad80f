import Core
import Curriculum
import Database
import Foundation
import Logging
import PostgresNIO
import Scheduling

/// Participants' questionnaires and lecturers' reports, and what they add up to per group and per course
/// version. Answers are stored without the person; results are shown only as aggregates of enough answers.
public struct FeedbackService: Sendable {
    let database: Database
    let groups: GroupService
    let attendance: AttendanceService
    let store: FeedbackStore
    let policy: FeedbackPolicy

    public init(database: Database, groups: GroupService, attendance: AttendanceService, store: FeedbackStore, policy: FeedbackPolicy = .init()) {
        self.database = database
        self.groups = groups
        self.attendance = attendance
        self.store = store
        self.policy = policy
    }

    // MARK: Participants' questionnaire

    /// The questionnaire of the group's course version, for anyone who may answer or read it.
    public func questionnaire(of groupID: UUID) async throws -> CourseDefinition.Questionnaire {
        try await database.withConnection { connection in
            let group = try await loaded(groupID, on: connection)
            return try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition.questionnaire
        }
    }

    /// A booked participant answers once per group, from the start of its last session until the deadline.
    /// Who answered is noted apart from the answers, which keep no link to them.
    public func answer(_ answers: [FeedbackAnswer], group groupID: UUID, by actor: Principal, now: Date = Date()) async throws {
        guard let person = actor.personID else { throw ServiceError.forbidden("participants answer for themselves") }
        try await database.transaction { connection in
            let group = try await loaded(groupID, on: connection)
            guard try await attendance.bookedPeople(group: groupID, on: connection).contains(person) else {
                throw ServiceError.forbidden("only the group's booked participants answer its questionnaire")
            }
            guard group.status == .inProgress || group.status == .completed, let window = window(of: group) else {
                throw ServiceError.conflict("the questionnaire opens at the group's last session")
            }
            guard window.contains(now) else {
                throw ServiceError.conflict(now < window.lowerBound
                    ? "the questionnaire opens at \(RigaTime.localText(window.lowerBound))"
                    : "the questionnaire closed at \(RigaTime.localText(window.upperBound))")
            }
            let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
            let checked = try Self.check(answers, against: course.questionnaire)
            guard try await store.markAnswered(group: groupID, person: person, on: connection) else {
                throw ServiceError.conflict("you have answered this group's questionnaire already")
            }
            try await store.insertIntoInbox(group: groupID, checked, on: connection)
        }
    }

    /// Every scale item scored 1–5, text items optional, nothing the questionnaire does not ask.
    static func check(_ answers: [FeedbackAnswer], against questionnaire: CourseDefinition.Questionnaire) throws(ServiceError) -> [FeedbackAnswer] {
        var validation = Validation()
        var checked: [FeedbackAnswer] = []
        let byCode = Dictionary(questionnaire.items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        if Set(answers.map(\.item)).count != answers.count { validation.add("answers", "answer each item once") }
        for (index, answer) in answers.enumerated() {
            guard let item = byCode[answer.item] else {
                validation.add("answers[\(index)].item", "the questionnaire has no item \(answer.item)")
                continue
            }
            switch item.kind {
            case .scale:
                guard let score = answer.score, (1...5).contains(score), answer.comment == nil else {
                    validation.add("answers[\(index)].score", "\(item.code) is answered with a score from 1 to 5")
                    continue
                }
                checked.append(FeedbackAnswer(item: item.code, score: score))
            case .text:
                guard answer.score == nil else {
                    validation.add("answers[\(index)].comment", "\(item.code) is answered with a comment")
                    continue
                }
                if let comment = validation.optionalText(answer.comment, "answers[\(index)].comment", maxLength: 2000, lineBreaks: true) {
                    checked.append(FeedbackAnswer(item: item.code, comment: comment))
                }
            }
        }
        for item in questionnaire.items where item.kind == .scale && !answers.contains(where: { $0.item == item.code }) {
            validation.add("answers", "\(item.code) is not answered")
        }
        try validation.check()
        return checked
    }

    /// A group's results for its trainers and the inspectorate: only once its questionnaire has closed (so no
    /// one can tell an answer by what changed since they last looked), and withheld below the minimum of answers.
    /// Reading writes nothing: answers still waiting for the release are counted as they are.
    public func results(of groupID: UUID, by actor: Principal, now: Date = Date()) async throws -> GroupFeedbackResults {
        try await database.withConnection { connection in
            let group = try await groups.managedGroup(groupID, by: actor, toDo: "see its feedback", on: connection)
            let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
            let count = try await store.answerCounts(groups: [groupID], on: connection)[groupID] ?? 0
            let closes = closingTime(of: group)
            guard let closes, closes < now else {
                return GroupFeedbackResults(
                    groupID: groupID, groupCode: group.code, answers: count, withheld: true,
                    message: closes.map { "\(count) answer(s) so far: results are shown once the questionnaire closes at \(RigaTime.localText($0))" }
                        ?? "the group has no sessions, so no questionnaire",
                    items: []
                )
            }
            guard count >= policy.minimumAnswersShown else {
                return GroupFeedbackResults(
                    groupID: groupID, groupCode: group.code, answers: count, withheld: true,
                    message: "\(count) answer(s): results are shown from \(policy.minimumAnswersShown) answers on, so no one can be singled out",
                    items: []
                )
            }
            let answers = try await store.answers(groups: [groupID], on: connection)
            return GroupFeedbackResults(groupID: groupID, groupCode: group.code, answers: count, withheld: false, message: nil,
                                        items: FeedbackAggregate.results(of: answers, items: course.questionnaire.items))
        }
    }

    /// Moves the answers of every group whose questionnaire has closed out of the inbox, shuffled under new ids
    /// (`FeedbackStore.release`): the daily pass's work (`pilnveide groups release-feedback`), never a read's.
    /// Returns how many groups' answers it moved.
    public func releaseClosed(now: Date = Date()) async throws -> Int {
        try await database.transaction { connection in
            let waiting = try await store.groupsAwaitingRelease(on: connection)
            let closed = try await groups.groups(ids: waiting, on: connection).filter { closingTime(of: $0).map { $0 < now } ?? false }.map(\.id)
            try await store.release(groups: closed, on: connection)
            return closed.count
        }
    }

    // MARK: Lecturers' reports

    /// A trainer of the group reports on it once it has started: what worked and what to change, overall and
    /// per module of its course.
    public func report(_ draft: LecturerReportDraft, on groupID: UUID, by actor: Principal) async throws -> LecturerReport {
        guard let author = SchedulingAccess.trainer(actor) else {
            throw ServiceError.forbidden("a lecturer reports for themselves, with an account holding the trainer role")
        }
        var validation = Validation()
        let worked = validation.requiredText(draft.whatWorked, "whatWorked", maxLength: 4000, lineBreaks: true)
        let change = validation.requiredText(draft.whatToChange, "whatToChange", maxLength: 4000, lineBreaks: true)
        let notes = draft.modules.enumerated().map { index, note in
            LecturerReport.ModuleNote(
                module: note.module,
                whatWorked: validation.optionalText(note.whatWorked, "modules[\(index)].whatWorked", maxLength: 4000, lineBreaks: true),
                whatToChange: validation.optionalText(note.whatToChange, "modules[\(index)].whatToChange", maxLength: 4000, lineBreaks: true)
            )
        }
        try validation.check()
        let id = try await database.transaction { connection in
            let group = try await loaded(groupID, on: connection)
            guard group.trainers.contains(where: { $0.personID == author }) else {
                throw ServiceError.forbidden("only the group's trainers report on it")
            }
            guard group.status == .inProgress || group.status == .completed else {
                throw ServiceError.conflict("the group is \(group.status.rawValue); lecturers report once it has started")
            }
            let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
            var problems = Validation()
            for (index, note) in notes.enumerated() where !course.modules.contains(where: { $0.code == note.module }) {
                problems.add("modules[\(index)].module", "\(course.code) has no module \(note.module)")
            }
            if Set(notes.map(\.module)).count != notes.count { problems.add("modules", "name each module once") }
            try problems.check()
            do {
                return try await store.insertReport(group: groupID, author: author, (worked!, change!, notes), on: connection)
            } catch let error where error.violatedUniqueConstraint == "lecturer_reports_group_id_author_id_key" {
                throw ServiceError.conflict("you have reported on \(group.code) already")
            }
        }
        return try await database.withConnection { connection in
            try await reports(groups: [(groupID, try await loaded(groupID, on: connection).code)], on: connection).first { $0.id == id }!
        }
    }

    // MARK: Per course version

    /// Feedback on a course version across its groups, for the inspectorate revising it: results over the
    /// groups with enough answers (the others are listed, not counted), comments and lecturers' reports.
    public func courseReport(code: String, version: Int, by actor: Principal, now: Date = Date()) async throws -> CourseFeedbackReport {
        guard actor.isInspectorate else { throw ServiceError.forbidden("feedback across a course's groups is the inspectorate's") }
        return try await database.withConnection { connection in
            let stored = try await groups.catalogue.version(code: code, version: version, on: connection)
            let deliveries = try await groups.deliveries(ofVersion: stored.id, on: connection)
            let closed = Set(try await groups.groups(ids: deliveries.map(\.id), on: connection)
                .filter { group in closingTime(of: group).map { $0 < now } ?? false }.map(\.id))
            let counts = try await store.answerCounts(groups: deliveries.map(\.id), on: connection)
            let lines = deliveries.map { group in
                CourseFeedbackReport.GroupLine(groupID: group.id, groupCode: group.code, answers: counts[group.id] ?? 0,
                                               included: closed.contains(group.id) && (counts[group.id] ?? 0) >= policy.minimumAnswersShown)
            }
            let included = lines.filter(\.included).map(\.groupID)
            let answers = try await store.answers(groups: included, on: connection)
            return CourseFeedbackReport(
                courseCode: code, courseVersion: version, groups: lines,
                answers: lines.filter(\.included).map(\.answers).reduce(0, +),
                items: FeedbackAggregate.results(of: answers, items: stored.definition.questionnaire.items),
                lecturerReports: try await reports(groups: deliveries, on: connection)
            )
        }
    }

    private func reports(groups: [(id: UUID, code: String)], on connection: PostgresConnection) async throws -> [LecturerReport] {
        let codes = Dictionary(groups.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
        return try await store.reports(groups: groups.map(\.id), on: connection).map { group, row in
            LecturerReport(id: row.id, groupID: group, groupCode: codes[group] ?? "", authorID: row.authorID, whatWorked: row.whatWorked,
                           whatToChange: row.whatToChange, modules: row.modules, submittedAt: row.submittedAt)
        }
    }

    /// When the group's questionnaire takes answers: from its last session until the policy's deadline.
    private func window(of group: Group) -> ClosedRange<Date>? {
        guard let last = group.liveSessions.max(by: { $0.startsAt < $1.startsAt }) else { return nil }
        return policy.window(lastSessionStartsAt: last.startsAt, endsAt: last.endsAt)
    }

    private func closingTime(of group: Group) -> Date? { window(of: group)?.upperBound }

    private func loaded(_ id: UUID, on connection: PostgresConnection) async throws -> Group {
        guard let group = try await groups.groups(ids: [id], on: connection).first else {
            throw ServiceError.notFound("no group has id \(id)")
        }
        return group
    }
}

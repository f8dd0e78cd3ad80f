import Curriculum
import Foundation
import Logging
import PostgresNIO
import Scheduling

/// SQL for questionnaire answers (kept apart from who answered) and lecturers' reports.
public struct FeedbackStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Notes that the person answered; false when they had already (the key refuses a second answer, also
    /// when two arrive at once).
    func markAnswered(group: UUID, person: UUID, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO feedback_respondents (group_id, person_id) VALUES (\(group), \(person))
            ON CONFLICT DO NOTHING RETURNING person_id
            """,
            logger: logger
        ).collect()
        return !rows.isEmpty
    }

    private struct StoredAnswer: Codable {
        let item: String
        let score: Int?
        let comment: String?
    }

    /// Puts answers in the inbox, with nothing of the person, until the questionnaire closes.
    func insertIntoInbox(group: UUID, _ answers: [FeedbackAnswer], on connection: PostgresConnection) async throws {
        let json = String(decoding: try JSONEncoder().encode(answers.map { StoredAnswer(item: $0.item, score: $0.score, comment: $0.comment) }),
                          as: UTF8.self)
        try await connection.query(
            "INSERT INTO feedback_inbox (group_id, answers) VALUES (\(group), \(json)::jsonb)", logger: logger
        )
    }

    /// Moves the inbox's answers of these groups to the stored answers in one statement: new random ids, in
    /// random order, all in this transaction — nothing left that ties an answer to when, or with whom, it came.
    func release(groups: [UUID], on connection: PostgresConnection) async throws {
        guard !groups.isEmpty else { return }
        try await connection.query(
            """
            WITH moved AS (
                DELETE FROM feedback_inbox WHERE group_id = ANY(\(groups)) RETURNING group_id, answers
            ), shuffled AS (
                SELECT gen_random_uuid() AS id, group_id, answers FROM moved ORDER BY random()
            ), responses AS (
                INSERT INTO feedback_responses (id, group_id) SELECT id, group_id FROM shuffled RETURNING id
            )
            INSERT INTO feedback_answers (response_id, item, score, comment)
            SELECT s.id, a.item, a.score, a.comment
            FROM shuffled s JOIN responses r ON r.id = s.id,
                 jsonb_to_recordset(s.answers) AS a(item text, score int, comment text)
            """,
            logger: logger
        )
    }

    /// The groups with answers still in the inbox.
    func groupsAwaitingRelease(on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query("SELECT DISTINCT group_id FROM feedback_inbox", logger: logger)
            .decode(UUID.self).reduce(into: []) { $0.append($1) }
    }

    /// How many answered, per group (whether or not their answers are released yet).
    func answerCounts(groups: [UUID], on connection: PostgresConnection) async throws -> [UUID: Int] {
        guard !groups.isEmpty else { return [:] }
        var result: [UUID: Int] = [:]
        for try await (group, count) in try await connection.query(
            "SELECT group_id, count(*)::int FROM feedback_respondents WHERE group_id = ANY(\(groups)) GROUP BY group_id", logger: logger
        ).decode((UUID, Int).self) { result[group] = count }
        return result
    }

    /// The answers of these groups, per item: scores and comments, released or still in the inbox, sorted by value
    /// so the order tells nothing of when they came. Callers ask only for groups whose questionnaire has closed.
    func answers(groups: [UUID], on connection: PostgresConnection) async throws -> [FeedbackItemAnswers] {
        guard !groups.isEmpty else { return [] }
        var byItem: [String: FeedbackItemAnswers] = [:]
        for try await (item, score, comment) in try await connection.query(
            """
            SELECT item, score, comment FROM (
                SELECT a.item, a.score, a.comment FROM feedback_answers a JOIN feedback_responses r ON r.id = a.response_id
                WHERE r.group_id = ANY(\(groups))
                UNION ALL
                SELECT a.item, a.score, a.comment FROM feedback_inbox i, jsonb_to_recordset(i.answers) AS a(item text, score int, comment text)
                WHERE i.group_id = ANY(\(groups))
            ) AS given
            ORDER BY item, comment, score
            """,
            logger: logger
        ).decode((String, Int?, String?).self) {
            var entry = byItem[item] ?? FeedbackItemAnswers(item: item)
            if let score { entry.scores.append(score) }
            if let comment { entry.comments.append(comment) }
            byItem[item] = entry
        }
        return Array(byItem.values)
    }

    func insertReport(
        group: UUID, author: UUID, _ draft: (worked: String, change: String, modules: [LecturerReport.ModuleNote]),
        on connection: PostgresConnection
    ) async throws -> UUID {
        let modules = String(decoding: try JSONEncoder().encode(draft.modules), as: UTF8.self)
        return try await connection.query(
            """
            INSERT INTO lecturer_reports (group_id, author_id, what_worked, what_to_change, modules)
            VALUES (\(group), \(author), \(draft.worked), \(draft.change), \(modules)::jsonb) RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
    }

    /// Lecturers' reports on these groups, oldest first.
    func reports(groups: [UUID], on connection: PostgresConnection) async throws -> [(group: UUID, report: LecturerReportRow)] {
        guard !groups.isEmpty else { return [] }
        var result: [(UUID, LecturerReportRow)] = []
        for try await (id, group, author, worked, change, modules, at) in try await connection.query(
            """
            SELECT id, group_id, author_id, what_worked, what_to_change, modules::text, submitted_at
            FROM lecturer_reports WHERE group_id = ANY(\(groups)) ORDER BY submitted_at, id
            """,
            logger: logger
        ).decode((UUID, UUID, UUID, String, String, String, Date).self) {
            let notes = (try? JSONDecoder().decode([LecturerReport.ModuleNote].self, from: Data(modules.utf8))) ?? []
            result.append((group, LecturerReportRow(id: id, authorID: author, whatWorked: worked, whatToChange: change, modules: notes, submittedAt: at)))
        }
        return result
    }
}

/// A lecturer's report as stored, before its group's code is added.
struct LecturerReportRow {
    let id: UUID
    let authorID: UUID
    let whatWorked: String
    let whatToChange: String
    let modules: [LecturerReport.ModuleNote]
    let submittedAt: Date
}

/// The catalogue asks whether cited feedback exists; groups and lecturers' reports are looked up here.
public struct FeedbackReferences: FeedbackReferenceCheck {
    let logger: Logger
    let groups: GroupStore

    public init(logger: Logger, groups: GroupStore) {
        self.logger = logger
        self.groups = groups
    }

    public func missing(_ references: [FeedbackReference], on connection: PostgresConnection) async throws -> [FeedbackReference] {
        var codes: [String] = []
        var reports: [UUID] = []
        for reference in references {
            switch reference {
            case .group(let code): codes.append(code)
            case .lecturerReport(let id): reports.append(id)
            }
        }
        var found = Set(try await groups.ids(codes: codes, on: connection).keys.map { FeedbackReference.group(code: $0) })
        for try await id in try await connection.query(
            "SELECT id FROM lecturer_reports WHERE id = ANY(\(reports))", logger: logger
        ).decode(UUID.self) { found.insert(.lecturerReport(id: id)) }
        return references.filter { !found.contains($0) }
    }
}

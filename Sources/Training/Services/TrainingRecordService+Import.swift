import Core
import Directory
import Foundation

/// Training done elsewhere from a CSV file: every row is checked first and only a file without a single bad
/// row is recorded, in one transaction. Each row names its person by personal code or e-mail address.
extension TrainingRecordService {
    public static let externalColumns = [
        "personal_code", "email", "provider", "title", "academic_hours", "started_on", "completed_on", "evidence_reference",
    ]

    public func importExternal(csv text: String, by actor: Principal, now: Date = Date()) async throws -> ImportSummary {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only the inspectorate records training done elsewhere") }
        let table = try CSVTable(
            parsing: text, requiredColumns: ["provider", "title", "academic_hours", "completed_on", "evidence_reference"],
            knownColumns: Self.externalColumns
        )
        guard table.columns.contains("personal_code") || table.columns.contains("email") else {
            throw FileProblems([FileProblem(line: 1, message: "missing column 'personal_code' or 'email' to name each person")])
        }
        var problems: [FileProblem] = []
        var codes: [Int: PersonalCode] = [:]
        for record in table.records {
            if let text = record["personal_code"] {
                do { codes[record.line] = try PersonalCode(text) } catch {
                    problems.append(FileProblem(line: record.line, message: "personal_code: \(error)"))
                }
            } else if record["email"] == nil {
                problems.append(FileProblem(line: record.line, message: "give the person's personal_code or email"))
            }
        }
        let today = CalendarDate.today(now: now)
        return try await database.transaction { connection in
            let people = try await directory.people(
                personalCodes: Array(codes.values), emails: table.records.compactMap { $0["email"] }, on: connection
            )
            var rows: [ExternalTrainingDraft.Valid] = []
            for record in table.records where !problems.contains(where: { $0.line == record.line }) {
                let person = codes[record.line].flatMap { code in people.first { $0.personalCode == code } }
                    ?? record["email"].flatMap { email in people.first { $0.email?.lowercased() == email.lowercased() } }
                guard let person else {
                    problems.append(FileProblem(line: record.line, message: "no person in the directory has this personal code or e-mail address"))
                    continue
                }
                let hours = record["academic_hours"].map { Double($0.replacingOccurrences(of: ",", with: ".")) }
                if let hours, hours == nil {
                    problems.append(FileProblem(line: record.line, message: "academic_hours: must be a number such as 8 or 7.5"))
                    continue
                }
                let draft = ExternalTrainingDraft(
                    personID: person.id, provider: record["provider"], title: record["title"], academicHours: hours ?? nil,
                    startedOn: record["started_on"], completedOn: record["completed_on"], evidenceReference: record["evidence_reference"]
                )
                do {
                    rows.append(try draft.validated(today: today))
                } catch let error as ServiceError {
                    problems.append(FileProblem(line: record.line, message: error.fieldsDescription))
                }
            }
            if !problems.isEmpty { throw FileProblems(problems.sorted { $0.line < $1.line }) }
            for row in rows { _ = try await insertExternal(row, by: actor, on: connection) }
            var summary = ImportSummary()
            summary.created = rows.count
            return summary
        }
    }
}

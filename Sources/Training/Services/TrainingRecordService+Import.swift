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
        let today = CalendarDate.today(now: now)
        return try await database.transaction { connection in
            let named = try await directory.people(namedBy: table.records, on: connection)
            let people = named.people
            var problems = named.problems
            var rows: [(line: Int, valid: ExternalTrainingDraft.Valid)] = []
            var lineOfKey: [String: Int] = [:]
            for record in table.records {
                guard let person = people[record.line] else { continue }
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
                    let valid = try draft.validated(today: today)
                    if let earlier = lineOfKey[valid.key] {
                        problems.append(FileProblem(line: record.line, message: "the same training appears already on line \(earlier)"))
                        continue
                    }
                    lineOfKey[valid.key] = record.line
                    rows.append((record.line, valid))
                } catch let error as ServiceError {
                    problems.append(FileProblem(line: record.line, message: error.fieldsDescription))
                }
            }
            // Two imports of one file at once: the second waits, then finds the first's records.
            try await directory.lockPeople(Array(Set(rows.map(\.valid.personID))), on: connection)
            let recorded = try await store.externalKeys(people: Array(Set(rows.map(\.valid.personID))), on: connection)
            for row in rows {
                if let existing = recorded[row.valid.key] {
                    problems.append(FileProblem(line: row.line, message: "the same training is recorded already as \(existing.lowercasedString)"))
                }
            }
            if !problems.isEmpty { throw FileProblems(problems.sorted { $0.line < $1.line }) }
            for row in rows { _ = try await insertExternal(row.valid, by: actor, on: connection) }
            var summary = ImportSummary()
            summary.created = rows.count
            return summary
        }
    }
}

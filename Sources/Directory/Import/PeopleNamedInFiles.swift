import Core
import Foundation
import PostgresNIO

extension DirectoryService {
    /// The person each CSV record names by its `personal_code` or `email` column (both, when given, must name the
    /// same person), found in one query; a record that names no one gets a problem with its line instead.
    public func people(namedBy records: [CSVTable.Record], on connection: PostgresConnection) async throws -> (people: [Int: Person], problems: [FileProblem]) {
        var problems: [FileProblem] = []
        var codes: [Int: PersonalCode] = [:]
        for record in records {
            if let text = record["personal_code"] {
                do { codes[record.line] = try PersonalCode(text) } catch {
                    problems.append(FileProblem(line: record.line, message: "personal_code: \(error)"))
                }
            } else if record["email"] == nil {
                problems.append(FileProblem(line: record.line, message: "give the person's personal_code or email"))
            }
        }
        let found = try await people(personalCodes: Array(codes.values), emails: records.compactMap { $0["email"] }, on: connection)
        var named: [Int: Person] = [:]
        for record in records where !problems.contains(where: { $0.line == record.line }) {
            let byCode = codes[record.line].flatMap { code in found.first { $0.personalCode == code } }
            let byEmail = record["email"].flatMap { email in found.first { $0.email?.lowercased() == email.lowercased() } }
            if codes[record.line] != nil, byCode == nil {
                problems.append(FileProblem(line: record.line, message: "no person in the directory has this personal code"))
            } else if let byCode, let byEmail, byCode.id != byEmail.id {
                problems.append(FileProblem(line: record.line, message: "the personal code and the e-mail address belong to different people"))
            } else if let person = byCode ?? byEmail {
                named[record.line] = person
            } else {
                problems.append(FileProblem(line: record.line, message: "no person in the directory has this e-mail address"))
            }
        }
        return (named, problems)
    }
}

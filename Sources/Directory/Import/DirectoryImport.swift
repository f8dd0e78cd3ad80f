import Core
import Database
import Foundation
import PostgresNIO

/// Loads organisations and people from CSV files: every row is checked first, and only a file without a
/// single bad row is imported, in one transaction. Rows that match an existing record update it, so
/// importing the same file twice changes nothing.
extension DirectoryService {
    public static let organisationColumns = ["name", "municipality", "region", "kind"]
    public static let personColumns = [
        "given_name", "family_name", "personal_code", "email", "phone", "position", "organisation", "position_started_on",
    ]

    public func importOrganisations(csv text: String, by actor: Principal) async throws -> ImportSummary {
        guard DirectoryAccess.mayManageOrganisations(actor) else {
            throw ServiceError.forbidden("only inspectorate administrators may import organisations")
        }
        let table = try CSVTable(parsing: text, requiredColumns: ["name", "municipality", "region"],
                                 knownColumns: Self.organisationColumns)
        var problems: [FileProblem] = []
        var rows: [(line: Int, valid: OrganisationDraft.Valid)] = []
        var firstLineOfName: [String: Int] = [:]
        for record in table.records {
            let draft = OrganisationDraft(
                kind: record["kind"] ?? OrganisationKind.orphansCourt.rawValue,
                name: record["name"], municipality: record["municipality"], region: record["region"]
            )
            do {
                let valid = try draft.validated()
                if let earlier = firstLineOfName[valid.name.lowercased()] {
                    problems.append(.init(line: record.line, message: "'\(valid.name)' appears already on line \(earlier)"))
                    continue
                }
                firstLineOfName[valid.name.lowercased()] = record.line
                rows.append((record.line, valid))
            } catch {
                problems.append(.init(line: record.line, message: Self.message(for: error)))
            }
        }
        if !problems.isEmpty { throw FileProblems(problems) }

        return try await database.transaction(changing: "organisations") { connection in
            let existing = try await organisations.idsByName(rows.map(\.valid.name), on: connection)
            var summary = ImportSummary()
            for row in rows {
                if let id = existing[row.valid.name.lowercased()] {
                    let current = try await organisations.find(id: id, on: connection)!
                    if current.kind == row.valid.kind, current.name == row.valid.name,
                       current.municipality == row.valid.municipality, current.region == row.valid.region {
                        summary.unchanged += 1
                        continue
                    }
                    _ = try await organisations.update(id: id, row.valid, on: connection)
                    summary.updated += 1
                } else {
                    _ = try await organisations.insert(row.valid, on: connection)
                    summary.created += 1
                }
            }
            try await audit.record(
                "organisation.imported", subjectType: "organisation", subjectID: "*", by: actor,
                details: ["created": "\(summary.created)", "updated": "\(summary.updated)"], on: connection
            )
            return summary
        }
    }

    public func importPeople(csv text: String, by actor: Principal) async throws -> ImportSummary {
        guard DirectoryAccess.mayManagePeople(actor) else {
            throw ServiceError.forbidden("only the inspectorate may import people")
        }
        let table = try CSVTable(parsing: text, requiredColumns: ["given_name", "family_name", "position"],
                                 knownColumns: Self.personColumns)
        let organisationNames = Set(table.records.compactMap { $0["organisation"] })
        let organisationIDs = try await database.withConnection { connection in
            try await organisations.idsByName(Array(organisationNames), on: connection)
        }

        var problems: [FileProblem] = []
        var rows: [(line: Int, valid: PersonDraft.Valid)] = []
        var lineOfKey: [String: Int] = [:]
        for record in table.records {
            var organisationID: UUID?
            if let name = record["organisation"] {
                organisationID = organisationIDs[name.lowercased()]
                if organisationID == nil {
                    problems.append(.init(line: record.line, message: "organisation: no organisation is named '\(name)'"))
                    continue
                }
            }
            let draft = PersonDraft(
                givenName: record["given_name"], familyName: record["family_name"],
                personalCode: record["personal_code"], email: record["email"], phone: record["phone"],
                position: record["position"], organisationID: organisationID,
                positionStartedOn: record["position_started_on"]
            )
            do {
                let valid = try draft.validated()
                // The same person twice in one file is almost certainly a mistake.
                let keys = [valid.personalCode.map { "code:\($0.digits)" }, valid.email.map { "email:\($0.lowercased())" }]
                if let duplicate = keys.compactMap({ $0 }).first(where: { lineOfKey[$0] != nil }) {
                    let what = duplicate.hasPrefix("code:") ? "personal code" : "e-mail address"
                    problems.append(.init(line: record.line, message: "the same \(what) appears already on line \(lineOfKey[duplicate]!)"))
                    continue
                }
                for key in keys.compactMap({ $0 }) { lineOfKey[key] = record.line }
                rows.append((record.line, valid))
            } catch {
                problems.append(.init(line: record.line, message: Self.message(for: error)))
            }
        }
        if !problems.isEmpty { throw FileProblems(problems) }

        return try await database.transaction(changing: "people") { connection in
            let existing = try await people.findExisting(
                personalCodes: rows.compactMap(\.valid.personalCode), emails: rows.compactMap(\.valid.email),
                on: connection
            )
            // A row matches a person by personal code first, then by e-mail.
            let byCode = Dictionary(existing.compactMap { p in p.personalCode.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
            let byEmail = Dictionary(existing.compactMap { p in p.email.map { ($0.lowercased(), p) } }, uniquingKeysWith: { a, _ in a })
            var summary = ImportSummary()
            for row in rows {
                do {
                    let match = row.valid.personalCode.flatMap { byCode[$0] } ?? row.valid.email.flatMap { byEmail[$0.lowercased()] }
                    if let match {
                        let merged = Self.merging(row.valid, into: match)
                        if Self.isUnchanged(match, merged) {
                            summary.unchanged += 1
                            continue
                        }
                        _ = try await people.update(id: match.id, merged, on: connection)
                        summary.updated += 1
                    } else {
                        _ = try await people.insert(row.valid, on: connection)
                        summary.created += 1
                    }
                } catch let error where error.violatedUniqueConstraint != nil {
                    throw FileProblems([.init(
                        line: row.line, message: Self.personConflict(error.violatedUniqueConstraint!).description
                    )])
                }
            }
            try await audit.record(
                "person.imported", subjectType: "person", subjectID: "*", by: actor,
                details: ["created": "\(summary.created)", "updated": "\(summary.updated)"], on: connection
            )
            return summary
        }
    }

    /// An import row for a known person: a blank optional cell keeps what the directory has, so a partial
    /// export cannot wipe personal codes or e-mail addresses.
    private static func merging(_ row: PersonDraft.Valid, into person: Person) -> PersonDraft.Valid {
        PersonDraft.Valid(
            givenName: row.givenName, familyName: row.familyName,
            personalCode: row.personalCode ?? person.personalCode, email: row.email ?? person.email,
            phone: row.phone ?? person.phone, position: row.position,
            organisationID: row.organisationID ?? person.organisationID,
            positionStartedOn: row.positionStartedOn ?? person.positionStartedOn
        ).datingMove(from: person, startGiven: row.positionStartedOn != nil, today: .today())
    }

    private static func isUnchanged(_ person: Person, _ valid: PersonDraft.Valid) -> Bool {
        person.givenName == valid.givenName && person.familyName == valid.familyName
            && person.personalCode == valid.personalCode && person.email == valid.email && person.phone == valid.phone
            && person.position == valid.position && person.organisationID == valid.organisationID
            && person.positionStartedOn == valid.positionStartedOn
    }

    /// A row's problems as one message, with CSV column names rather than API field names.
    private static func message(for error: any Error) -> String {
        guard case ServiceError.validation(let problems) = error else { return String(describing: error) }
        return problems.map { "\(csvColumn($0.field)): \($0.detail)" }.joined(separator: "; ")
    }

    private static func csvColumn(_ field: String) -> String {
        var column = ""
        for character in field {
            if character.isUppercase { column += "_" + character.lowercased() } else { column.append(character) }
        }
        return column
    }
}

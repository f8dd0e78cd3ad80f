import Certification
import Core
import Credentials
import Database
import Directory
import Foundation
import PostgresNIO

/// Certificates issued before the platform existed, from a CSV file, all or nothing, every bad row named by its
/// line. They keep their numbers, carry no signed credential, and are verified, suspended and revoked like any other.
extension CertificateService {
    public static let importColumns = [
        "number", "personal_code", "email", "scheme", "scheme_version", "valid_from", "valid_until", "issued_on", "academic_hours",
        "state", "state_reason", "state_changed_on",
    ]

    public func importIssued(csv text: String, by actor: Principal, now: Date = Date()) async throws -> ImportSummary {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers import certificates") }
        let table = try CSVTable(parsing: text, requiredColumns: ["number", "scheme", "valid_from"], knownColumns: Self.importColumns)
        guard table.columns.contains("personal_code") || table.columns.contains("email") else {
            throw FileProblems([FileProblem(line: 1, message: "missing column 'personal_code' or 'email' to name each person")])
        }
        let today = CalendarDate.today(now: now)
        let versions = Dictionary(grouping: try await schemes.schemes().filter { $0.status != .draft }, by: \.code)
        return try await database.transaction(changing: "certificates") { connection in
            let named = try await directory.people(namedBy: table.records, on: connection)
            var problems = named.problems
            let existing = try await store.existingNumbers(table.records.compactMap { $0["number"] }, on: connection)
            var rows: [(line: Int, certificate: Certificate)] = []
            var lineOfNumber: [String: Int] = [:]
            for record in table.records {
                guard let person = named.people[record.line] else { continue }
                var rowProblems: [String] = []
                let number = record["number"] ?? ""
                if number.isEmpty {
                    rowProblems.append("number: is required")
                } else if number.count > 40 || !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.".contains($0)) }) {
                    rowProblems.append("number: must be up to 40 letters, digits, - or .")
                } else if let own = CertificateNumber(number.uppercased()), own.prefix == issuer.numberPrefix, own.year >= today.year {
                    // This platform numbers its own certificates of this year and later: an import must not take one.
                    rowProblems.append("number: \(number) is in this platform's own numbering for \(own.year); only earlier years can be imported")
                } else if existing.contains(number.uppercased()) {
                    rowProblems.append("number: \(number) is already a certificate here")
                } else if let earlier = lineOfNumber[number.uppercased()] {
                    rowProblems.append("number: \(number) appears already on line \(earlier)")
                }
                lineOfNumber[number.uppercased()] = lineOfNumber[number.uppercased()] ?? record.line
                func date(_ column: String) -> CalendarDate? {
                    guard let text = record[column] else { return nil }
                    guard let day = CalendarDate(iso8601: text) else { rowProblems.append("\(column): must be a date written YYYY-MM-DD"); return nil }
                    return day
                }
                let from = date("valid_from"), givenUntil = date("valid_until"), issued = date("issued_on") ?? from, changed = date("state_changed_on")
                if let from, let givenUntil, givenUntil < from { rowProblems.append("valid_until: is before valid_from") }
                if let issued, issued > today { rowProblems.append("issued_on: is in the future") }
                let code = record["scheme"] ?? ""
                var scheme: CertificationScheme?
                if let family = versions[code] {
                    if let text = record["scheme_version"] {
                        scheme = family.first { String($0.version) == text }
                        if scheme == nil { rowProblems.append("scheme_version: \(code) has no approved version \(text)") }
                    } else if let from {
                        scheme = family.filter { $0.effectiveFrom <= from }.max { $0.version < $1.version }
                        if scheme == nil { rowProblems.append("scheme: \(code) had no version in force on \(from); give scheme_version") }
                    }
                } else {
                    rowProblems.append("scheme: no approved certification scheme has code \(code)")
                }
                let hours = record["academic_hours"].map { Double($0.replacingOccurrences(of: ",", with: ".")) } ?? 0
                if hours.map({ !$0.isFinite || $0 < 0 || $0 > 10_000 }) ?? true {
                    rowProblems.append("academic_hours: must be a number of hours such as 24 or 7.5")
                }
                let state = Certificate.RecordedState(rawValue: record["state"] ?? "active")
                if state == nil { rowProblems.append("state: must be active, suspended or revoked") }
                if let state, state != .active, record["state_reason"] == nil { rowProblems.append("state_reason: is required for a \(state.rawValue) certificate") }
                if state == .active, record["state_reason"] != nil || changed != nil {
                    rowProblems.append("state_reason: only a suspended or revoked certificate has one")
                }
                if (record["state_reason"]?.count ?? 0) > 1000 { rowProblems.append("state_reason: is longer than 1000 characters") }
                guard rowProblems.isEmpty, let from, let scheme, let issued, let hours, let state else {
                    problems.append(FileProblem(line: record.line, message: rowProblems.joined(separator: "; ")))
                    continue
                }
                // Without its last day on file, it lasted as long as the scheme it was issued under says.
                let until = givenUntil ?? scheme.window.validUntil(issuedOn: from)
                rows.append((record.line, Certificate(
                    id: UUID(), number: number, verificationCode: Self.verificationCode(), personID: person.id,
                    holderName: "\(person.givenName) \(person.familyName)", schemeCode: scheme.code, schemeVersion: scheme.version,
                    schemeTitle: scheme.title.lv, validFrom: from, validUntil: until, academicHours: hours, basis: [], origin: .imported,
                    issuedAt: RigaTime.startOfDay(issued), issuedBy: "import by \(actor.auditLabel)", overrideReason: nil, recordedState: state,
                    stateReason: record["state_reason"], stateChangedAt: changed.map(RigaTime.startOfDay), supersededBy: nil, statusListID: 0,
                    statusListIndex: 0, credential: nil
                )))
            }
            if !problems.isEmpty { throw FileProblems(problems.sorted { $0.line < $1.line }) }
            try await directory.lockPeople(Array(Set(rows.map(\.certificate.personID))), on: connection)
            // The people, then the status list: imports never take the year's counter (their numbers are their own).
            for (line, imported) in rows {
                let list = try await store.allocateStatusIndex(entries: BitstringStatusList.minimumEntries, on: connection)
                do {
                    // Stored active in its place in the list; a recorded suspension or revocation follows, as any other would.
                    var placed = imported
                    (placed.statusListID, placed.statusListIndex, placed.recordedState) = (list.list, list.index, .active)
                    try await store.insert(placed, issuedByAccount: actor.accountID, idempotencyKey: nil, fingerprint: nil, credential: nil,
                                           on: connection)
                } catch let error where error.violatedUniqueConstraint != nil {
                    throw FileProblems([FileProblem(line: line, message: "number: \(imported.number) was just taken by another certificate")])
                }
                if imported.recordedState != .active {
                    try await store.setState(imported.id, to: imported.recordedState, reason: imported.stateReason!,
                                             at: imported.stateChangedAt.map { .at($0) } ?? .unknown, on: connection)
                    if imported.recordedState == .revoked { try await store.setRevokedBit(list: list.list, index: list.index, on: connection) }
                }
                try await audit.record("certificate.imported", subjectType: "certificate", subjectID: imported.number, by: actor,
                                       details: ["scheme": "\(imported.schemeCode)@\(imported.schemeVersion)", "state": imported.recordedState.rawValue],
                                       on: connection)
            }
            return ImportSummary(created: rows.count)
        }
    }
}

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
        "state", "state_reason",
    ]

    public func importIssued(csv text: String, by actor: Principal, now: Date = Date()) async throws -> ImportSummary {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers import certificates") }
        let table = try CSVTable(parsing: text, requiredColumns: ["number", "scheme", "valid_from"], knownColumns: Self.importColumns)
        guard table.columns.contains("personal_code") || table.columns.contains("email") else {
            throw FileProblems([FileProblem(line: 1, message: "missing column 'personal_code' or 'email' to name each person")])
        }
        let today = CalendarDate.today(now: now)
        let versions = Dictionary(grouping: try await schemes.schemes().filter { $0.status != .draft }, by: \.code)
        return try await database.transaction { connection in
            let named = try await certification.directory.people(namedBy: table.records, on: connection)
            var problems = named.problems
            let existing = try await store.existingNumbers(table.records.compactMap { $0["number"] }, on: connection)
            var rows: [(line: Int, certificate: Certificate)] = []
            var lineOfNumber: [String: Int] = [:]
            for record in table.records {
                guard let person = named.people[record.line] else { continue }
                var rowProblems: [String] = []
                let number = record["number"] ?? ""
                if number.count > 40 || !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-/".contains($0)) }) {
                    rowProblems.append("number: must be up to 40 letters, digits, - or /")
                } else if existing.contains(number) {
                    rowProblems.append("number: \(number) is already a certificate here")
                } else if let earlier = lineOfNumber[number] {
                    rowProblems.append("number: \(number) appears already on line \(earlier)")
                }
                lineOfNumber[number] = lineOfNumber[number] ?? record.line
                func date(_ column: String) -> CalendarDate? {
                    guard let text = record[column] else { return nil }
                    guard let day = CalendarDate(iso8601: text) else { rowProblems.append("\(column): must be a date written YYYY-MM-DD"); return nil }
                    return day
                }
                let from = date("valid_from"), until = date("valid_until"), issued = date("issued_on") ?? from
                if let from, let until, until < from { rowProblems.append("valid_until: is before valid_from") }
                if let issued, issued > today { rowProblems.append("issued_on: is in the future") }
                let code = record["scheme"] ?? ""
                var scheme: CertificationScheme?
                if let family = versions[code] {
                    if let text = record["scheme_version"] {
                        scheme = family.first { String($0.version) == text }
                        if scheme == nil { rowProblems.append("scheme_version: \(code) has no approved version \(text)") }
                    } else if let from {
                        scheme = family.filter { $0.effectiveFrom <= from }.max { $0.version < $1.version } ?? family.min { $0.version < $1.version }
                    }
                } else {
                    rowProblems.append("scheme: no approved certification scheme has code \(code)")
                }
                let hours = record["academic_hours"].map { Double($0.replacingOccurrences(of: ",", with: ".")) } ?? 0
                if hours == nil || hours! < 0 || hours! > 10_000 { rowProblems.append("academic_hours: must be a number of hours such as 24 or 7.5") }
                let state = Certificate.RecordedState(rawValue: record["state"] ?? "active")
                if state == nil { rowProblems.append("state: must be active, suspended or revoked") }
                if let state, state != .active, record["state_reason"] == nil { rowProblems.append("state_reason: is required for a \(state.rawValue) certificate") }
                guard rowProblems.isEmpty, let from, let scheme, let issued, let hours, let state else {
                    problems.append(FileProblem(line: record.line, message: rowProblems.joined(separator: "; ")))
                    continue
                }
                rows.append((record.line, Certificate(
                    id: UUID(), number: number, verificationCode: Self.verificationCode(), personID: person.id,
                    holderName: "\(person.givenName) \(person.familyName)", schemeCode: scheme.code, schemeVersion: scheme.version,
                    schemeTitle: scheme.title.lv, validFrom: from, validUntil: until, academicHours: hours, basis: [], origin: .imported,
                    issuedAt: RigaTime.startOfDay(issued), issuedBy: "import by \(actor.auditLabel)", overrideReason: nil, recordedState: state,
                    stateReason: record["state_reason"], stateChangedAt: nil, supersededBy: nil, statusListID: 0, statusListIndex: 0, credential: nil
                )))
            }
            if !problems.isEmpty { throw FileProblems(problems.sorted { $0.line < $1.line }) }
            try await certification.directory.lockPeople(Array(Set(rows.map(\.certificate.personID))), on: connection)
            for (_, imported) in rows {
                if let numbering = CertificateNumber(imported.number), numbering.prefix == issuer.numberPrefix {
                    try await store.reserveSequence(year: numbering.year, atLeast: numbering.sequence, on: connection)
                }
                let list = try await store.allocateStatusIndex(entries: BitstringStatusList.minimumEntries, on: connection)
                try await store.insert(.init(imported.placed(in: list), issuedByAccount: actor.accountID, idempotencyKey: nil, fingerprint: nil,
                                             credential: nil), on: connection)
                if imported.recordedState != .active {
                    try await store.setState(imported.id, to: imported.recordedState, reason: imported.stateReason!, on: connection)
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

extension Certificate {
    /// The same certificate at its place in a status list.
    func placed(in list: (list: Int, index: Int)) -> Certificate {
        Certificate(id: id, number: number, verificationCode: verificationCode, personID: personID, holderName: holderName, schemeCode: schemeCode,
                    schemeVersion: schemeVersion, schemeTitle: schemeTitle, validFrom: validFrom, validUntil: validUntil, academicHours: academicHours,
                    basis: basis, origin: origin, issuedAt: issuedAt, issuedBy: issuedBy, overrideReason: overrideReason, recordedState: .active,
                    stateReason: nil, stateChangedAt: nil, supersededBy: supersededBy, statusListID: list.list, statusListIndex: list.index,
                    credential: credential)
    }
}

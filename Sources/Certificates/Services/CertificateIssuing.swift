import Certification
import Core
import Credentials
import Database
import Foundation
import PostgresNIO

/// Issuing: one certificate (idempotent with a key), or a list all or nothing. Each certificate is planned from
/// the person's status before any lock, then written under locks taken in one order by every writer — the issuer's
/// identity (only while the first certificate records it), the people, their standing certificates, the year's
/// counter, the status list — so nothing deadlocks and no number is lost.
extension CertificateService {
    /// What one certificate would be: the certification it attests and the scheme version that granted it.
    struct Plan: Sendable {
        let request: IssueRequest
        let holderName: String
        let scheme: CertificationScheme
        let grant: CertificateEligibility.Grant
        let overridden: Bool
    }

    /// Issues a certificate; a retry with the same `idempotencyKey` (per account) returns the same one, `created` false.
    public func issue(
        _ request: IssueRequest, idempotencyKey: String? = nil, by actor: Principal, now: Date = Date()
    ) async throws -> (certificate: Certificate, created: Bool) {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers issue certificates") }
        var validation = Validation()
        let scheme = validation.requiredText(request.schemeCode, "schemeCode", maxLength: 64)
        let reason = validation.optionalText(request.overrideReason, "overrideReason", maxLength: 1000)
        let key = validation.optionalText(idempotencyKey, "Idempotency-Key", maxLength: 200)
        try validation.check()
        var request = request
        request.schemeCode = scheme ?? request.schemeCode
        request.overrideReason = reason
        if let key, let account = actor.accountID, let earlier = try await replay(key: key, account: account, request: request) {
            return (earlier, false)
        }
        let today = CalendarDate.today(now: now)
        let plan = try await plans([request], on: today, now: now)[0].get()
        do {
            return try await database.transaction(changing: "certificates", "issuer_identity") { connection in
                let signer = try await issuers.signer(issuingAt: now, on: connection)
                let standing = try await lock([request.personID], scheme: plan.scheme.code, on: today, connection: connection)
                // A retry that waited for the first request's lock finds what it issued.
                if let key, let account = actor.accountID,
                   let earlier = try await store.find(.idempotency(account: account, key: key), on: connection) {
                    guard try await store.requestFingerprint(of: earlier.id, on: connection) == request.fingerprint else {
                        throw ServiceError.conflict("this Idempotency-Key was used for another request (\(earlier.number))")
                    }
                    return (earlier, false)
                }
                return (try await write(plan, standing: standing[request.personID] ?? [], key: key, signer: signer, by: actor, now: now,
                                        on: connection), true)
            }
        } catch let error where error.violatedUniqueConstraint == "certificates_issued_by_account_idempotency_key_key" {
            // The same key arrived twice at once: the other request issued it.
            if let key, let account = actor.accountID, let earlier = try await replay(key: key, account: account, request: request) {
                return (earlier, false)
            }
            throw error
        }
    }

    /// Issues to everyone in the list under one scheme (e.g. after a commission sitting), all or nothing: if any
    /// one cannot have a certificate, nothing is issued and each refusal is named by its place in the list.
    public func issueAll(
        scheme: String, people: [UUID], overrideReason: String? = nil, by actor: Principal, now: Date = Date()
    ) async throws -> [Certificate] {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers issue certificates") }
        var validation = Validation()
        _ = validation.requiredText(scheme, "schemeCode", maxLength: 64)
        let reason = validation.optionalText(overrideReason, "overrideReason", maxLength: 1000)
        if people.isEmpty || people.count > 500 { validation.add("personIds", "must list 1 to 500 people") }
        for (index, person) in people.enumerated() where people.firstIndex(of: person) != index {
            validation.add("personIds[\(index)]", "lists \(person) a second time")
        }
        try validation.check()
        let today = CalendarDate.today(now: now)
        let planned = try await plans(people.map { IssueRequest(personID: $0, schemeCode: scheme, overrideReason: reason) }, on: today, now: now)
        let refusals = planned.enumerated().compactMap { index, plan -> FieldProblem? in
            if case .failure(let error) = plan { return FieldProblem("personIds[\(index)]", error.fieldsDescription) }
            return nil
        }
        guard refusals.isEmpty else { throw ServiceError.validation(refusals) }
        let plans = planned.compactMap { try? $0.get() }
        return try await database.transaction(changing: "certificates", "issuer_identity") { connection in
            let signer = try await issuers.signer(issuingAt: now, on: connection)
            let standing = try await lock(people, scheme: plans[0].scheme.code, on: today, connection: connection)
            var issued: [Certificate] = []
            for (index, plan) in plans.enumerated() {
                do {
                    issued.append(try await write(plan, standing: standing[plan.request.personID] ?? [], key: nil, signer: signer, by: actor,
                                                  now: now, on: connection))
                } catch let error as ServiceError {
                    throw ServiceError.validation([FieldProblem("personIds[\(index)]", error.fieldsDescription)])
                }
            }
            return issued
        }
    }

    /// The same, for the people a CSV file names by `personal_code` or `email` (e.g. a commission's list): every
    /// row that cannot have a certificate is named by its line, and then nothing is issued.
    public func issueAll(
        scheme: String, csv text: String, overrideReason: String? = nil, by actor: Principal, now: Date = Date()
    ) async throws -> [Certificate] {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers issue certificates") }
        let table = try CSVTable(parsing: text, requiredColumns: [], knownColumns: ["personal_code", "email", "name"])
        guard table.columns.contains("personal_code") || table.columns.contains("email") else {
            throw FileProblems([FileProblem(line: 1, message: "missing column 'personal_code' or 'email' to name each person")])
        }
        let named = try await database.withConnection { connection in try await directory.people(namedBy: table.records, on: connection) }
        guard named.problems.isEmpty else { throw FileProblems(named.problems.sorted { $0.line < $1.line }) }
        let lines = table.records.map(\.line)
        do {
            return try await issueAll(scheme: scheme, people: lines.map { named.people[$0]!.id }, overrideReason: overrideReason, by: actor, now: now)
        } catch ServiceError.validation(let problems) {
            // personIds[i] is the i-th record: say its line.
            throw FileProblems(problems.map { problem in
                let index = Int(problem.field.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" })
                return FileProblem(line: index.map { lines[$0] } ?? 1, message: problem.detail)
            })
        }
    }

    /// Plans from the people's statuses, computed together; a refusal per person who cannot have one.
    func plans(_ requests: [IssueRequest], on today: CalendarDate, now: Date) async throws -> [Result<Plan, ServiceError>] {
        try await issuers.checkCanIssue(now: now)
        guard let code = requests.first?.schemeCode else { return [] }
        let versions = try await schemes.schemes().filter { $0.code == code && $0.status != .draft }
        guard let current = versions.filter({ $0.inForce(on: today) }).max(by: { $0.version < $1.version })
            ?? versions.max(by: { $0.version < $1.version })
        else {
            throw ServiceError.notFound("schemeCode: no approved certification scheme has code \(code)")
        }
        let statuses = try await database.withConnection { connection in
            try await certification.statuses(of: requests.map(\.personID), on: today, connection: connection)
        }
        let byPerson = Dictionary(statuses.map { ($0.personID, $0) }, uniquingKeysWith: { first, _ in first })
        return requests.map { request in
            guard let person = byPerson[request.personID] else { return .failure(.notFound("no person has id \(request.personID)")) }
            let status = person.statuses.first { $0.schemeCode == current.code }
            switch CertificateEligibility.grant(status, scheme: current.code, on: today) {
            case .success(let grant):
                return .success(Plan(request: request, holderName: "\(person.givenName) \(person.familyName)",
                                     scheme: versions.first { $0.version == grant.schemeVersion } ?? current, grant: grant, overridden: false))
            case .failure(let refusal):
                guard request.overrideReason != nil else { return .failure(.conflict("cannot issue: \(refusal); an override needs a reason")) }
                let grant = CertificateEligibility.override(status, scheme: current, on: today)
                return .success(Plan(request: request, holderName: "\(person.givenName) \(person.familyName)",
                                     scheme: versions.first { $0.version == grant.schemeVersion } ?? current, grant: grant, overridden: true))
            }
        }
    }

    /// Locks the people, then their standing certificates under the scheme: the first locks of every issuing transaction.
    func lock(_ people: [UUID], scheme: String, on today: CalendarDate, connection: PostgresConnection) async throws -> [UUID: [Certificate]] {
        try await directory.lockPeople(people, on: connection)
        return try await store.standing(people: people, scheme: scheme, asOf: today, on: connection)
    }

    /// Numbers, signs and stores one planned certificate, superseding what it renews; the person must be locked.
    func write(
        _ plan: Plan, standing: [Certificate], key: String?, signer: IssuerService.Signer, by actor: Principal, now: Date,
        on connection: PostgresConnection
    ) async throws -> Certificate {
        let (request, grant, scheme) = (plan.request, plan.grant, plan.scheme)
        // Once per certification: another while one stands is a mistake, unless it renews (lasts longer); an
        // override never stacks on a standing one.
        if let held = standing.first(where: { plan.overridden || ($0.validUntil.map { until in grant.validUntil.map { until >= $0 } ?? false } ?? true) }) {
            throw ServiceError.conflict(plan.overridden
                ? "\(held.number) stands until \(held.validUntil?.description ?? "further notice"); revoke it before issuing on an override"
                : "\(held.number) already certifies this until \(held.validUntil?.description ?? "further notice")")
        }
        let today = CalendarDate.today(now: now)
        let sequence = try await store.nextSequence(year: today.year, on: connection)
        let list = try await store.allocateStatusIndex(entries: BitstringStatusList.minimumEntries, on: connection)
        let certificate = Certificate(
            id: UUID(), number: CertificateNumber(prefix: issuer.numberPrefix, year: today.year, sequence: sequence).description,
            verificationCode: Self.verificationCode(), personID: request.personID, holderName: plan.holderName, schemeCode: scheme.code,
            schemeVersion: grant.schemeVersion, schemeTitle: scheme.title.lv, validFrom: grant.validFrom, validUntil: grant.validUntil,
            academicHours: grant.basis.map(\.academicHours).sum().hours,
            basis: grant.basis.map { .init(recordID: $0.recordID, title: $0.title, courseCode: $0.courseCode, academicHours: $0.academicHours.hours,
                                           completedOn: $0.completedOn) },
            origin: .issued, issuedAt: now, issuedBy: actor.auditLabel, overrideReason: request.overrideReason, recordedState: .active,
            stateReason: nil, stateChangedAt: nil, supersededBy: nil, statusListID: list.list, statusListIndex: list.index, credential: nil
        )
        let signed = try signer.sign(CertificateCredential.document(for: certificate, issuer: signer.profile), created: DateTimeStamp.string(now))
        try await store.insert(certificate, issuedByAccount: actor.accountID, idempotencyKey: key, fingerprint: request.fingerprint,
                               credential: try CanonicalJSON.string(.object(signed)), on: connection)
        let superseded = try await store.supersede(person: request.personID, scheme: scheme.code, by: certificate.id, on: connection)
        // It replaces any certificate of theirs under the scheme withdrawn in error: their status will say so.
        try await certification.noteReplacement(person: request.personID, scheme: scheme.code, by: certificate.number, on: today,
                                                actor: actor, on: connection)
        var details = ["number": certificate.number, "scheme": "\(scheme.code)@\(grant.schemeVersion)", "validUntil": grant.validUntil?.description ?? ""]
        if let reason = request.overrideReason { details["overrideReason"] = reason }
        if !superseded.isEmpty { details["supersedes"] = superseded.joined(separator: ", ") }
        try await audit.record("certificate.issued", subjectType: "certificate", subjectID: certificate.number, by: actor, details: details, on: connection)
        return try await store.find(.id(certificate.id), on: connection)!
    }

    /// The certificate an earlier request with this key issued; the key with another request is an error.
    private func replay(key: String, account: UUID, request: IssueRequest) async throws -> Certificate? {
        try await database.withConnection { connection in
            guard let earlier = try await store.find(.idempotency(account: account, key: key), on: connection) else { return nil }
            guard try await store.requestFingerprint(of: earlier.id, on: connection) == request.fingerprint else {
                throw ServiceError.conflict("this Idempotency-Key was used for another request (\(earlier.number))")
            }
            return earlier
        }
    }

    /// Ten base58 characters (about 58 bits): the code in a certificate's verification link, not guessable.
    static func verificationCode() -> String {
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

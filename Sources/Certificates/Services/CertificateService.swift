import Certification
import Core
import Credentials
import Crypto
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// Issuing certificates and changing their state — the inspectorate's — and reading them, for holders, their
/// court's chairperson and the inspectorate. Each write is one transaction with its audit event.
public struct CertificateService: Sendable {
    let database: Database
    let store: CertificateStore
    let certification: CertificationService
    let schemes: SchemeService
    let audit: AuditTrail
    let keys: IssuerKeys
    let issuer: IssuerProfile

    public init(database: Database, store: CertificateStore, certification: CertificationService, schemes: SchemeService,
                audit: AuditTrail, keys: IssuerKeys, issuer: IssuerProfile) {
        self.database = database
        self.store = store
        self.certification = certification
        self.schemes = schemes
        self.audit = audit
        self.keys = keys
        self.issuer = issuer
    }

    public struct IssueRequest: Sendable, Equatable {
        public var personID: UUID
        public var schemeCode: String
        /// Issue although the status does not say the requirements are met: the reason is kept on the certificate.
        public var overrideReason: String?

        public init(personID: UUID, schemeCode: String, overrideReason: String? = nil) {
            self.personID = personID
            self.schemeCode = schemeCode
            self.overrideReason = overrideReason
        }

        var fingerprint: String { "\(personID.uuidString.lowercased())|\(schemeCode)|\(overrideReason ?? "")" }
    }

    // MARK: Issuing

    /// Issues a certificate; a retry with the same `idempotencyKey` (per account) returns the same one, `created` false.
    public func issue(
        _ request: IssueRequest, idempotencyKey: String? = nil, by actor: Principal, now: Date = Date()
    ) async throws -> (certificate: Certificate, created: Bool) {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers issue certificates") }
        var validation = Validation()
        let reason = validation.optionalText(request.overrideReason, "overrideReason", maxLength: 1000)
        let key = validation.optionalText(idempotencyKey, "Idempotency-Key", maxLength: 200)
        try validation.check()
        var request = request
        request.overrideReason = reason
        if let key, let account = actor.accountID, let earlier = try await replay(key: key, account: account, request: request) {
            return (earlier, false)
        }
        guard keys.current != nil else { throw ServiceError.unavailable("there is no issuer key to sign with; run `pilnveide keys generate`") }
        let today = CalendarDate.today(now: now)
        let status = try await certification.status(of: request.personID, by: actor, on: today)
        let versions = try await schemes.schemes().filter { $0.code == request.schemeCode && $0.status != .draft }
        guard let current = versions.filter({ $0.inForce(on: today) }).max(by: { $0.version < $1.version }) ?? versions.max(by: { $0.version < $1.version })
        else {
            throw ServiceError.validation([FieldProblem("schemeCode", "no approved certification scheme has code \(request.schemeCode)")])
        }
        let schemeStatus = status.statuses.first { $0.schemeCode == current.code }
        let grant: CertificateEligibility.Grant
        let overridden: Bool
        switch CertificateEligibility.grant(schemeStatus, scheme: current.code, on: today) {
        case .success(let granted): (grant, overridden) = (granted, false)
        case .failure(let refusal):
            guard reason != nil else { throw ServiceError.conflict("cannot issue: \(refusal); an override needs a reason") }
            (grant, overridden) = (CertificateEligibility.override(schemeStatus, scheme: current, on: today), true)
        }
        // The title of the version the certification was granted under.
        let scheme = versions.first { $0.version == grant.schemeVersion } ?? current
        do {
            return try await database.transaction { connection in
                // The person first, then their certificates, then the counter and the list: one order for every writer,
                // so two issues for one person cannot both pass the check below, and a revocation cannot deadlock with an issue.
                try await certification.directory.lockPeople([request.personID], on: connection)
                // A retry that waited for the first request's lock finds what it issued.
                if let key, let account = actor.accountID,
                   let earlier = try await store.find(.idempotency(account: account, key: key), on: connection) {
                    guard try await fingerprint(of: earlier.id, on: connection) == request.fingerprint else {
                        throw ServiceError.conflict("this Idempotency-Key was used for another request (\(earlier.number))")
                    }
                    return (earlier, false)
                }
                let standing = try await store.standing(person: request.personID, scheme: scheme.code, asOf: today, on: connection)
                if let held = standing.first(where: { overridden || ($0.validUntil.map { until in grant.validUntil.map { until >= $0 } ?? false } ?? true) }) {
                    throw ServiceError.conflict(overridden
                        ? "\(held.number) stands until \(held.validUntil?.description ?? "further notice"); revoke it before issuing on an override"
                        : "\(held.number) already certifies this until \(held.validUntil?.description ?? "further notice")")
                }
                let sequence = try await store.nextSequence(year: today.year, on: connection)
                let list = try await store.allocateStatusIndex(entries: BitstringStatusList.minimumEntries, on: connection)
                let certificate = Certificate(
                    id: UUID(), number: CertificateNumber(prefix: issuer.numberPrefix, year: today.year, sequence: sequence).description,
                    verificationCode: Self.verificationCode(), personID: request.personID,
                    holderName: "\(status.givenName) \(status.familyName)", schemeCode: scheme.code, schemeVersion: grant.schemeVersion,
                    schemeTitle: scheme.title.lv, validFrom: grant.validFrom, validUntil: grant.validUntil,
                    academicHours: grant.basis.map(\.academicHours).sum().hours,
                    basis: grant.basis.map { .init(recordID: $0.recordID, title: $0.title, courseCode: $0.courseCode, academicHours: $0.academicHours.hours,
                                                   completedOn: $0.completedOn) },
                    origin: .issued, issuedAt: now, issuedBy: actor.auditLabel, overrideReason: reason, recordedState: .active, stateReason: nil,
                    stateChangedAt: nil, supersededBy: nil, statusListID: list.list, statusListIndex: list.index, credential: nil
                )
                let signed = try keys.sign(CertificateCredential.document(for: certificate, issuer: issuer), did: issuer.did,
                                           created: DateTimeStamp.string(now))
                let credential = try CanonicalJSON.string(.object(signed))
                try await store.insert(.init(certificate, issuedByAccount: actor.accountID, idempotencyKey: key,
                                             fingerprint: request.fingerprint, credential: credential), on: connection)
                let superseded = try await store.supersede(person: request.personID, scheme: scheme.code, by: certificate.id, on: connection)
                var details = ["number": certificate.number, "scheme": "\(scheme.code)@\(grant.schemeVersion)",
                               "validUntil": grant.validUntil?.description ?? ""]
                if let reason { details["overrideReason"] = reason }
                if !superseded.isEmpty { details["supersedes"] = superseded.joined(separator: ", ") }
                try await audit.record("certificate.issued", subjectType: "certificate", subjectID: certificate.number, by: actor,
                                       details: details, on: connection)
                return (try await store.find(.id(certificate.id), on: connection)!, true)
            }
        } catch let error where error.violatedUniqueConstraint == "certificates_issued_by_account_idempotency_key_key" {
            // The same key arrived twice at once: the other request issued it.
            if let key, let account = actor.accountID, let earlier = try await replay(key: key, account: account, request: request) {
                return (earlier, false)
            }
            throw error
        }
    }

    /// The certificate an earlier request with this key issued; the key with another request is an error.
    private func replay(key: String, account: UUID, request: IssueRequest) async throws -> Certificate? {
        try await database.withConnection { connection in
            guard let earlier = try await store.find(.idempotency(account: account, key: key), on: connection) else { return nil }
            guard try await fingerprint(of: earlier.id, on: connection) == request.fingerprint else {
                throw ServiceError.conflict("this Idempotency-Key was used for another request (\(earlier.number))")
            }
            return earlier
        }
    }

    private func fingerprint(of id: UUID, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("SELECT request_fingerprint FROM certificates WHERE id = \(id)", logger: database.logger)
            .collect().first?.decode(String?.self)
    }

    /// Ten base58 characters (about 58 bits): the code in a certificate's verification link, not guessable.
    static func verificationCode() -> String {
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet.randomElement(using: &generator)! })
    }

    // MARK: State

    public enum StateChange: String, Sendable, CaseIterable {
        case suspend, reinstate, revoke
    }

    /// Suspends (reversible), reinstates a suspended one, or revokes (for good, its status-list bit set), with a reason.
    public func change(_ number: String, _ change: StateChange, reason: String?, by actor: Principal) async throws -> Certificate {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers suspend, reinstate or revoke certificates") }
        var validation = Validation()
        let reason = validation.requiredText(reason, "reason", maxLength: 1000)
        try validation.check()
        return try await database.transaction { connection in
            guard let certificate = try await store.find(.number(number), forUpdate: true, on: connection) else {
                throw ServiceError.notFound("no certificate has number \(number)")
            }
            let target: Certificate.RecordedState
            switch (change, certificate.recordedState) {
            case (.suspend, .active): target = .suspended
            case (.reinstate, .suspended): target = .active
            case (.revoke, .active), (.revoke, .suspended): target = .revoked
            default:
                throw ServiceError.conflict("\(number) is \(certificate.recordedState.rawValue); it cannot be \(change == .reinstate ? "reinstated" : "\(change.rawValue)d")")
            }
            try await store.setState(certificate.id, to: target, reason: reason!, on: connection)
            if target == .revoked {
                try await store.setRevokedBit(list: certificate.statusListID, index: certificate.statusListIndex, on: connection)
            }
            try await audit.record("certificate.\(change == .suspend ? "suspended" : change == .reinstate ? "reinstated" : "revoked")",
                                   subjectType: "certificate", subjectID: number, by: actor, details: ["reason": reason!], on: connection)
            return try await store.find(.id(certificate.id), on: connection)!
        }
    }

    // MARK: Reading

    /// One certificate: for its holder, their court's chairperson and the inspectorate (others learn only whether
    /// it is valid, through public verification).
    public func certificate(_ number: String, by actor: Principal) async throws -> Certificate {
        try await database.withConnection { connection in
            let found = try await store.find(.number(number), on: connection)
            var organisation: UUID?
            if let found { organisation = try await certification.directory.person(id: found.personID, on: connection)?.organisationID }
            guard let found, CertificationAccess.maySee(personOf: organisation, personID: found.personID, actor: actor) else {
                throw found == nil && actor.isInspectorate ? ServiceError.notFound("no certificate has number \(number)")
                    : ServiceError.forbidden("a certificate's record is for its holder, their court's chairperson and the inspectorate")
            }
            return found
        }
    }

    /// A person's certificates, newest first.
    public func certificates(of personID: UUID, by actor: Principal) async throws -> [Certificate] {
        try await database.withConnection { connection in
            let person = try await certification.directory.person(id: personID, on: connection)
            guard CertificationAccess.maySee(personOf: person?.organisationID, personID: personID, actor: actor) else {
                throw ServiceError.forbidden("a person's certificates are for them, their court's chairperson and the inspectorate")
            }
            guard person != nil else { throw ServiceError.notFound("no person has id \(personID)") }
            return try await store.list(person: personID, on: connection)
        }
    }

    /// The signed credential, byte for byte as issued: for its holder and the inspectorate.
    public func credential(_ number: String, by actor: Principal) async throws -> String {
        let certificate = try await certificate(number, by: actor)
        guard actor.isInspectorate || actor.personID == certificate.personID else {
            throw ServiceError.forbidden("a credential is for its holder to download")
        }
        guard let credential = certificate.credential else {
            throw ServiceError.notFound("\(number) was imported from before the platform and has no signed credential")
        }
        return credential
    }
}

extension CertificateStore.NewCertificate {
    init(_ certificate: Certificate, issuedByAccount: UUID?, idempotencyKey: String?, fingerprint: String?, credential: String?) {
        self.init(
            id: certificate.id, number: CertificateNumber(certificate.number)!, verificationCode: certificate.verificationCode,
            personID: certificate.personID, holderName: certificate.holderName, schemeCode: certificate.schemeCode,
            schemeVersion: certificate.schemeVersion, schemeTitle: certificate.schemeTitle, validFrom: certificate.validFrom,
            validUntil: certificate.validUntil, academicHours: certificate.academicHours, origin: certificate.origin, issuedAt: certificate.issuedAt,
            issuedBy: certificate.issuedBy, issuedByAccount: issuedByAccount, overrideReason: certificate.overrideReason,
            idempotencyKey: idempotencyKey, requestFingerprint: fingerprint, statusList: (certificate.statusListID, certificate.statusListIndex),
            credential: credential, basis: certificate.basis
        )
    }
}

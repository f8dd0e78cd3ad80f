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
    /// Holders are people of the directory: found, locked and read through its service.
    let directory: DirectoryService
    let schemes: SchemeService
    let audit: AuditTrail
    /// The identity and keys to sign with, as the database publishes them.
    let issuers: IssuerService
    /// This process's settings: the number prefix (the identity signed under is the recorded one, which must match).
    var issuer: IssuerProfile { issuers.configured }

    public init(database: Database, store: CertificateStore, certification: CertificationService, directory: DirectoryService,
                schemes: SchemeService, audit: AuditTrail, issuers: IssuerService) {
        self.database = database
        self.store = store
        self.certification = certification
        self.directory = directory
        self.schemes = schemes
        self.audit = audit
        self.issuers = issuers
    }

    /// Throws why this process could not issue now (no published key it holds, or another identity recorded).
    public func checkCanIssue(now: Date = Date()) async throws { try await issuers.checkCanIssue(now: now) }

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

        var fingerprint: String { "\(personID.lowercasedString)|\(schemeCode)|\(overrideReason ?? "")" }
    }

    // MARK: State

    public enum StateChange: String, Sendable, CaseIterable {
        case suspend, reinstate, revoke
    }

    /// Suspends (reversible), reinstates a suspended one, or revokes (for good, its status-list bit set), with a reason.
    ///
    /// Suspending and revoking say why (`kind`). For cause, the certification itself goes: the holder's status under
    /// the scheme becomes suspended or revoked from today, naming the certificate, and reinstating a suspension for
    /// cause reinstates the status. Issued in error, the status stands (a replacement needs no override).
    public func change(
        _ number: String, _ change: StateChange, kind: Certificate.Withdrawal? = nil, reason: String?, by actor: Principal, now: Date = Date()
    ) async throws -> Certificate {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers suspend, reinstate or revoke certificates") }
        var validation = Validation()
        let reason = validation.requiredText(reason, "reason", maxLength: 1000)
        if change != .reinstate, kind == nil {
            validation.add("kind", "say why: for_cause (the certification itself is withdrawn) or issued_in_error (the certificate was wrong)")
        }
        if change == .reinstate, kind != nil { validation.add("kind", "reinstating keeps the suspension's kind; leave it out") }
        try validation.check()
        let today = CalendarDate.today(now: now)
        return try await database.transaction(changing: "certificates") { connection in
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
            // A reinstatement undoes the suspension, of whichever kind it was.
            let withdrawal = change == .reinstate ? certificate.stateKind : kind
            try await store.setState(certificate.id, to: target, reason: reason!, kind: change == .reinstate ? nil : kind,
                                     at: .at(now), on: connection)
            if target == .revoked {
                try await store.setRevokedBit(list: certificate.statusListID, index: certificate.statusListIndex, on: connection)
            }
            var details = ["reason": reason!]
            if let withdrawal { details["kind"] = withdrawal.rawValue }
            try await audit.record("certificate.\(change == .suspend ? "suspended" : change == .reinstate ? "reinstated" : "revoked")",
                                   subjectType: "certificate", subjectID: number, by: actor, details: details, on: connection)
            if withdrawal == .issuedInError, change == .revoke {
                try await certification.noteWithdrawnInError(
                    person: certificate.personID, scheme: certificate.schemeCode,
                    .init(number: number, withdrawnOn: today, reason: reason!), by: actor, on: connection)
            }
            if withdrawal == .forCause {
                let override: StatusOverride.Kind = switch change {
                case .suspend: .suspended
                case .reinstate: .reinstated
                case .revoke: .revoked
                }
                // Reinstating the certificate reinstates the certification only while this certificate's suspension is
                // what stands: a revocation or suspension recorded since, for another reason, stays.
                let standing = change == .reinstate
                    ? try await certification.standingOverride(person: certificate.personID, scheme: certificate.schemeCode, on: today, connection: connection)
                    : nil
                if change != .reinstate || (standing?.kind == .suspended && standing?.certificateNumber == number) {
                    try await certification.insertOverride(
                        person: certificate.personID, scheme: certificate.schemeCode,
                        .init(kind: override, from: today, reason: reason!, certificateNumber: number), by: actor, today: today, on: connection)
                }
            }
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
            if let found { organisation = try await directory.person(id: found.personID, on: connection)?.organisationID }
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
            let person = try await directory.person(id: personID, on: connection)
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

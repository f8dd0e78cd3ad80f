import Core
import Credentials
import Crypto
import Database
import Foundation
import PostgresNIO

/// What anyone may ask without signing in: is this certificate genuine and valid, does this credential verify,
/// the revocation list, and the issuer's public keys. Each answer reads a couple of indexed rows at most.
public struct VerificationService: Sendable {
    let database: Database
    let store: CertificateStore
    /// The identity and every key published, as the database says (the recorded identity, whatever this process is
    /// configured as, so a restored backup verifies wherever it is served).
    let issuers: IssuerService
    /// Certificates as verification last read them, by the reference asked for. Verification is the one request
    /// anyone may make as often as the rate limit lets them, and its answer changes only when a certificate does.
    let verified: CachedReads<String, Certificate>

    public init(database: Database, store: CertificateStore, issuers: IssuerService) {
        self.database = database
        self.store = store
        self.issuers = issuers
        // Every certificate even at ten times national scale (about 42,000), at some 500 bytes each.
        verified = CachedReads(changes: database.changes, tables: ["certificates"], capacity: 50_000)
    }

    /// By number (`BAC-2027-000123`) or by the code of its verification link.
    /// - Parameter basis: whether to read the records it rests on too (the printable certificate shows them).
    public func verify(_ reference: String, basis: Bool = false, on day: CalendarDate = .today()) async throws -> CertificateVerification {
        let reference = reference.trimmingCharacters(in: .whitespaces)
        guard !reference.isEmpty, reference.count <= 40 else { return CertificateVerification(answer: .unknown, reference: reference, certificate: nil) }
        let read = { try await database.withConnection { connection in try await store.find(reference: reference, basis: basis, on: connection) } }
        // Validity is worked out below for `day`, so a copy made yesterday still answers right today.
        let found = basis ? try await read() : try await verified.value(for: reference, read: read)
        guard let found else { return CertificateVerification(answer: .unknown, reference: reference, certificate: nil) }
        return CertificateVerification(found, reference: reference, on: day)
    }

    /// One check made on a presented credential.
    public struct Check: Sendable, Equatable {
        public enum Name: String, Sendable, CaseIterable {
            case json, proof, issuer, status, suspension, dates
        }

        public let name: Name
        public let passed: Bool
        public let detail: String

        public init(name: Name, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    public struct CredentialReport: Sendable, Equatable {
        /// Every check passed: genuine, not revoked or suspended, within its dates.
        public var verified: Bool { checks.allSatisfy(\.passed) }
        public let checks: [Check]
        /// The certificate it is, when it is one of ours.
        public let verification: CertificateVerification?
    }

    /// Checks a credential as presented: strict JSON, its eddsa-jcs-2022 proof against the issuer's keys (old ones
    /// included), that it is a certificate issued here, its status-list entry, suspension, and its dates. Stops at the
    /// first check a later one depends on.
    /// `strict` false when the bytes were re-serialised from JSON already parsed elsewhere (duplicates unseen).
    public func verifyCredential(_ bytes: [UInt8], strict: Bool = true, now: Date = Date()) async throws -> CredentialReport {
        var checks: [Check] = []
        let value: JSONValue
        do { value = try StrictJSONParser.parse(bytes) } catch {
            return CredentialReport(checks: [Check(name: .json, passed: false, detail: error.description)], verification: nil)
        }
        checks.append(Check(name: .json, passed: true, detail: strict ? "well-formed JSON, no duplicate member names"
                                : "well-formed JSON (sent as application/json, so duplicate member names could not be checked; send application/vc)"))
        let issuer = issuers.profile(of: try await issuers.current())
        // The one key the proof names, looked up before the synchronous check (in the database too, if just published).
        let method = value["proof"]?["verificationMethod"]?.stringValue
        var key: Curve25519.Signing.PublicKey?
        if let method { key = try await issuers.publicKey(verificationMethod: method) }
        switch EddsaJcs2022.verify(value, now: now, key: { $0 == method ? key : nil }) {
        case .failure(let failure):
            return CredentialReport(checks: checks + [Check(name: .proof, passed: false, detail: failure.description)], verification: nil)
        case .success:
            checks.append(Check(name: .proof, passed: true, detail: "signed by \(issuer.name) (eddsa-jcs-2022)"))
        }
        guard let id = value["id"]?.stringValue, id.hasPrefix("urn:uuid:"), let uuid = UUID(uuidString: String(id.dropFirst(9))),
              let certificate = try await database.withConnection({ connection in try await store.find(.id(uuid), on: connection) })
        else {
            return CredentialReport(checks: checks + [Check(name: .issuer, passed: false, detail: "no certificate issued here has this credential's id")],
                                    verification: nil)
        }
        checks.append(Check(name: .issuer, passed: true, detail: "certificate \(certificate.number)"))
        checks.append(try await statusCheck(value["credentialStatus"], issuer: issuer))
        let day = CalendarDate.today(now: now)
        let suspended = certificate.state(on: day) == .suspended
        checks.append(Check(name: .suspension, passed: !suspended,
                            detail: suspended ? "suspended by the inspectorate since \(certificate.stateChangedAt.map(DateTimeStamp.string) ?? "?")" : "not suspended"))
        checks.append(datesCheck(value, now: now))
        return CredentialReport(checks: checks, verification: CertificateVerification(certificate, reference: certificate.number, on: day))
    }

    private func statusCheck(_ entry: JSONValue?, issuer: IssuerProfile) async throws -> Check {
        guard let entry, entry["type"]?.stringValue == "BitstringStatusListEntry", entry["statusPurpose"]?.stringValue == "revocation",
              let url = entry["statusListCredential"]?.stringValue, let indexText = entry["statusListIndex"]?.stringValue,
              let index = Int(indexText), String(index) == indexText
        else { return Check(name: .status, passed: false, detail: "no revocation entry this issuer wrote") }
        let prefix = issuer.statusListURL(0).dropLast()
        guard url.hasPrefix(prefix), let list = Int(url.dropFirst(prefix.count)),
              let row = try await database.withConnection({ connection in try await store.statusList(list, on: connection) }),
              let bits = try? BitstringStatusList(bytes: row.bits)
        else { return Check(name: .status, passed: false, detail: "the status list \(url) is not this issuer's") }
        guard let revoked = try? bits.value(at: index) else { return Check(name: .status, passed: false, detail: "index \(index) is outside the list") }
        return Check(name: .status, passed: !revoked, detail: revoked ? "revoked (bit \(index) of \(url) is set)" : "not revoked")
    }

    private func datesCheck(_ value: JSONValue, now: Date) -> Check {
        guard let from = value["validFrom"]?.stringValue.flatMap(DateTimeStamp.date) else {
            return Check(name: .dates, passed: false, detail: "validFrom is missing or not a dateTimeStamp")
        }
        if from > now { return Check(name: .dates, passed: false, detail: "not valid before \(DateTimeStamp.string(from))") }
        if let untilText = value["validUntil"] {
            guard let until = untilText.stringValue.flatMap(DateTimeStamp.date) else {
                return Check(name: .dates, passed: false, detail: "validUntil is not a dateTimeStamp")
            }
            if until < now { return Check(name: .dates, passed: false, detail: "expired at \(DateTimeStamp.string(until))") }
        }
        return Check(name: .dates, passed: true, detail: "within its validity")
    }

    /// The revocation list as a signed credential, re-signed only when a revocation changed it since.
    public func statusList(_ id: Int, now: Date = Date()) async throws -> (credential: String, version: Int, updatedAt: Date) {
        try await database.withConnection { connection in
            guard let row = try await store.statusList(id, on: connection) else { throw ServiceError.notFound("no status list has id \(id)") }
            if let cached = row.credential, row.credentialVersion == row.version { return (cached, row.version, row.updatedAt) }
            let signer = try await issuers.signer(forStatusListAt: now, on: connection)
            let list = try BitstringStatusList(bytes: row.bits)
            let signed = try signer.sign(CertificateCredential.statusList(id: id, list: list, issuer: signer.profile, validFrom: row.updatedAt),
                                         created: DateTimeStamp.string(now))
            let text = try CanonicalJSON.string(.object(signed))
            // Kept only under the recorded identity: until a certificate fixes it, the next process may be another.
            if signer.recorded { try await store.cacheStatusList(id, version: row.version, credential: text, on: connection) }
            return (text, row.version, row.updatedAt)
        }
    }

    /// The issuer's DID document: every key published, each under `assertionMethod`.
    public func issuerDocument() async throws -> (contexts: [String], id: String, methods: [(id: String, publicKeyMultibase: String)]) {
        try await issuers.document()
    }
}

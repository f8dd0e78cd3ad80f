import APIContract
import Certificates
import Core
import Foundation
import HTTPTypes
import OpenAPIRuntime

extension APIImplementation {
    /// A header value loses surrounding spaces on the way, so a key has none, as the document says.
    private func idempotencyKey(_ key: String?) throws -> String? {
        guard let key else { return nil }
        var validation = Validation()
        _ = validation.requiredText(key, "Idempotency-Key", maxLength: 200)
        if validation.problems.isEmpty, key != key.trimmingCharacters(in: .whitespacesAndNewlines) {
            validation.add("Idempotency-Key", "must not begin or end with a space")
        }
        try validation.check()
        return key
    }

    package func issueCertificate(_ input: Operations.IssueCertificate.Input) async throws -> Operations.IssueCertificate.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let (certificate, created) = try await certificates.issue(
            .init(personID: try id(body.personId, of: "person"), schemeCode: body.schemeCode, overrideReason: body.overrideReason),
            idempotencyKey: try idempotencyKey(input.headers.idempotencyKey), by: .caller(caller)
        )
        let json = Components.Schemas.Certificate(certificate, issuer: issuer, for: caller)
        return created ? .created(.init(body: .json(json))) : .ok(.init(body: .json(json)))
    }

    package func issueCertificates(_ input: Operations.IssueCertificates.Input) async throws -> Operations.IssueCertificates.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let people = try body.personIds.enumerated().map { index, text in try requiredID(text, field: "personIds[\(index)]") }
        let issued = try await certificates.issueAll(scheme: body.schemeCode, people: people, overrideReason: body.overrideReason, by: .caller(caller))
        return .created(.init(body: .json(issued.map { .init($0, issuer: issuer, for: caller) })))
    }

    package func getCertificate(_ input: Operations.GetCertificate.Input) async throws -> Operations.GetCertificate.Output {
        let caller = try requireCaller()
        return .ok(.init(body: .json(.init(try await certificates.certificate(input.path.number, by: .caller(caller)), issuer: issuer, for: caller))))
    }

    package func changeCertificateState(_ input: Operations.ChangeCertificateState.Input) async throws -> Operations.ChangeCertificateState.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let (change, kind, reason): (CertificateService.StateChange, Certificate.Withdrawal?, String) = switch body {
        case .CertificateWithdrawal(let withdrawal):
            (.init(rawValue: withdrawal.action.rawValue)!, .init(rawValue: withdrawal.kind.rawValue)!, withdrawal.reason)
        case .CertificateReinstatement(let reinstatement): (.reinstate, nil, reinstatement.reason)
        }
        let certificate = try await certificates.change(input.path.number, change, kind: kind, reason: reason, by: .caller(caller))
        return .ok(.init(body: .json(.init(certificate, issuer: issuer, for: caller))))
    }

    package func getCertificateCredential(
        _ input: Operations.GetCertificateCredential.Input
    ) async throws -> Operations.GetCertificateCredential.Output {
        let caller = try requireCaller()
        let credential = try await certificates.credential(input.path.number, by: .caller(caller))
        return .ok(.init(body: .applicationVc(HTTPBody(credential))))
    }

    package func listMyCertificates(_ input: Operations.ListMyCertificates.Input) async throws -> Operations.ListMyCertificates.Output {
        let caller = try requireCaller()
        let list = try await certificates.certificates(of: caller.personID, by: .caller(caller))
        return .ok(.init(body: .json(list.map { .init($0, issuer: issuer, for: caller) })))
    }

    package func listPersonCertificates(
        _ input: Operations.ListPersonCertificates.Input
    ) async throws -> Operations.ListPersonCertificates.Output {
        let caller = try requireCaller()
        let list = try await certificates.certificates(of: try id(input.path.personId, of: "person"), by: .caller(caller))
        return .ok(.init(body: .json(list.map { .init($0, issuer: issuer, for: caller) })))
    }

    // MARK: Public

    package func verifyCertificate(_ input: Operations.VerifyCertificate.Input) async throws -> Operations.VerifyCertificate.Output {
        .ok(.init(body: .json(.init(try await verification.verify(try filterCode(input.path.reference, "reference", maxLength: APILimits.maximumReferenceLength) ?? ""), issuer: issuer))))
    }

    package func verifyCredential(_ input: Operations.VerifyCredential.Input) async throws -> Operations.VerifyCredential.Output {
        let bytes: [UInt8]
        var strict = true
        switch input.body {
        case .applicationVc(let body):
            bytes = Array(try await Data(collecting: body, upTo: APILimits.maximumBodyBytes))
        case .json(let object):
            strict = false
            // Read as JSON already: written back out, the proof is checked over the same values.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            bytes = Array(try encoder.encode(object))
        }
        guard !bytes.isEmpty else { throw Problem.badRequest("the request has no body: send the credential to verify") }
        let report = try await verification.verifyCredential(bytes, strict: strict)
        return .ok(.init(body: .json(.init(
            verified: report.verified,
            checks: report.checks.map { .init(check: .init(rawValue: $0.name.rawValue)!, passed: $0.passed, detail: $0.detail) },
            certificate: report.verification.map { .init($0, issuer: issuer) }
        ))))
    }

    package func getStatusList(_ input: Operations.GetStatusList.Input) async throws -> Operations.GetStatusList.Output {
        let (credential, version, updatedAt) = try await verification.statusList(input.path.listId)
        // Weak: two servers re-signing one version at once make equal lists with different signatures.
        let etag = "W/\"\(input.path.listId)-\(version)\""
        // Verifiers may keep it five minutes: a revocation shows within that.
        let cacheControl = "public, max-age=300"
        if let asked = input.headers.ifNoneMatch, asked.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(etag) {
            return .notModified(.init(headers: .init(eTag: etag, cacheControl: cacheControl)))
        }
        return .ok(.init(
            headers: .init(eTag: etag, cacheControl: cacheControl, lastModified: Self.httpDate(updatedAt)),
            body: .applicationVc(HTTPBody(credential))
        ))
    }

    package func getIssuerDocument(_ input: Operations.GetIssuerDocument.Input) async throws -> Operations.GetIssuerDocument.Output {
        let document = try await verification.issuerDocument()
        return .ok(.init(headers: .init(cacheControl: "public, max-age=300"), body: .applicationDidJson(.init(
            _commat_context: document.contexts, id: document.id,
            verificationMethod: document.methods.map { .init(id: $0.id, _type: .multikey, controller: document.id, publicKeyMultibase: $0.publicKeyMultibase) },
            assertionMethod: document.methods.map(\.id)
        ))))
    }

    /// An HTTP date (RFC 9110 IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[parts.weekday! - 1]), \(two(parts.day)) \(months[parts.month! - 1]) \(parts.year!) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) GMT"
    }
}

import Certificates
import Core
import Credentials
import Foundation
import Mustache

/// The public pages a certificate's link and QR code open: the verification page (Latvian with English, readable
/// on a phone, no scripts) and the printable A4 certificate carrying the QR code of that link. Both show only what
/// public verification shows, and the training the certificate rests on.
public struct CertificatePages: Sendable {
    let library: MustacheLibrary
    let issuer: IssuerProfile

    public init(issuer: IssuerProfile) async throws {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw QRCode.Failure(description: "the page templates are missing from the Pages bundle")
        }
        library = try await MustacheLibrary(directory: folder)
        self.issuer = issuer
    }

    static let answers: [CertificateVerification.Answer: (lv: String, en: String)] = [
        .valid: ("Derīgs", "Valid"), .suspended: ("Apturēts", "Suspended"), .revoked: ("Atsaukts", "Revoked"),
        .expired: ("Derīguma termiņš beidzies", "Expired"), .superseded: ("Aizstāts ar jaunāku", "Superseded by a newer certificate"),
        .unknown: ("Nav atrasts", "Not found"),
    ]

    public func verification(_ verification: CertificateVerification, on day: CalendarDate = .today()) -> String {
        var context = common(verification)
        context["reference"] = verification.reference
        context["checkedOn"] = DateText.both(day)
        return library.render(context, withTemplate: "verify") ?? ""
    }

    /// The printable certificate; nil for a reference that names none.
    public func printable(_ verification: CertificateVerification) throws -> String? {
        guard let certificate = verification.certificate else { return nil }
        var context = common(verification)
        let link = issuer.verificationURL(code: certificate.verificationCode)
        context["link"] = link
        context["qr"] = try QRCode(link).svg(label: "QR: \(link)")
        context["valid"] = verification.answer == .valid
        context["hasBasis"] = !certificate.basis.isEmpty
        context["basis"] = certificate.basis.map {
            ["title": $0.title, "hours": Self.hours($0.academicHours), "completedOn": DateText.short($0.completedOn, in: .lv)]
        }
        return library.render(context.merging(fields(certificate)) { $1 }, withTemplate: "certificate")
    }

    private func common(_ verification: CertificateVerification) -> [String: Any] {
        let labels = Self.answers[verification.answer]!
        var context: [String: Any] = ["issuer": issuer.name, "answer": verification.answer.rawValue, "answerLv": labels.lv, "answerEn": labels.en]
        if let certificate = verification.certificate { context["certificate"] = fields(certificate) }
        return context
    }

    private func fields(_ certificate: Certificate) -> [String: Any] {
        var fields: [String: Any] = [
            "number": certificate.number, "holderName": certificate.holderName, "schemeTitle": certificate.schemeTitle,
            "schemeCode": certificate.schemeCode, "schemeVersion": certificate.schemeVersion, "hours": Self.hours(certificate.academicHours),
            // An override or an imported certificate may rest on no recorded hours: then none are shown.
            "hasHours": certificate.academicHours > 0,
            // Days as a reader writes them, each language in its own part of the page (`{{validUntil.lv}}`).
            "issuedOn": DateText.both(CalendarDate.today(now: certificate.issuedAt)), "validFrom": DateText.both(certificate.validFrom),
            "validUntil": certificate.validUntil.map(DateText.both) ?? ["lv": "—", "en": "—"],
        ]
        if let changed = certificate.stateChangedAt, certificate.recordedState != .active {
            fields["changedOn"] = DateText.both(CalendarDate.today(now: changed))
        }
        if let newer = certificate.supersededBy {
            fields["supersededBy"] = newer
            fields["supersededLink"] = "/verify/\(newer)"
        }
        return fields
    }

    static func hours(_ value: Double) -> String { ECMAScriptNumber.string(value) ?? "0" }
}

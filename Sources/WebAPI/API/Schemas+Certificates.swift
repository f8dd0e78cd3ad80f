import APIContract
import Certificates
import Core
import Foundation

extension Components.Schemas.Certificate {
    /// Who issued it is the inspectorate's to see: an officer's account is not the holder's business.
    init(_ certificate: Certificate, issuer: IssuerProfile, for caller: Caller, on day: CalendarDate = .today()) {
        self.init(
            number: certificate.number,
            verificationUrl: issuer.verificationURL(code: certificate.verificationCode),
            personId: certificate.personID.lowercasedString,
            holderName: certificate.holderName,
            schemeCode: certificate.schemeCode,
            schemeVersion: certificate.schemeVersion,
            schemeTitle: certificate.schemeTitle,
            validFrom: certificate.validFrom.description,
            validUntil: certificate.validUntil?.description,
            academicHours: certificate.academicHours,
            basis: certificate.basis.map {
                .init(recordId: $0.recordID?.lowercasedString, title: $0.title, courseCode: $0.courseCode,
                      academicHours: $0.academicHours, completedOn: $0.completedOn.description)
            },
            origin: .init(rawValue: certificate.origin.rawValue)!,
            issuedAt: certificate.issuedAt,
            issuedBy: caller.isInspectorate ? certificate.issuedBy : nil,
            overrideReason: certificate.overrideReason,
            state: .init(rawValue: certificate.state(on: day).rawValue)!,
            stateReason: certificate.stateReason,
            stateKind: certificate.stateKind.flatMap { .init(rawValue: $0.rawValue) },
            stateChangedAt: certificate.stateChangedAt,
            supersededBy: certificate.supersededBy,
            statusListCredential: issuer.statusListURL(certificate.statusListID),
            statusListIndex: certificate.statusListIndex
        )
    }
}

extension Components.Schemas.CertificateVerification {
    /// Only what a stranger may see: the holder's name, the scheme, hours and dates — never the person's id.
    init(_ verification: CertificateVerification, issuer: IssuerProfile) {
        let certificate = verification.certificate
        self.init(
            answer: .init(rawValue: verification.answer.rawValue)!,
            reference: verification.reference,
            issuer: issuer.name,
            number: certificate?.number,
            holderName: certificate?.holderName,
            schemeCode: certificate?.schemeCode,
            schemeVersion: certificate?.schemeVersion,
            schemeTitle: certificate?.schemeTitle,
            academicHours: certificate?.academicHours,
            issuedOn: certificate.map { CalendarDate.today(now: $0.issuedAt).description },
            validFrom: certificate?.validFrom.description,
            validUntil: certificate?.validUntil?.description,
            supersededBy: certificate?.supersededBy,
            changedOn: certificate?.stateChangedAt.map { CalendarDate.today(now: $0).description }
        )
    }
}

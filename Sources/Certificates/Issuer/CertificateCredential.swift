import Core
import Credentials
import Foundation

/// A certificate as an Open Badges 3.0 credential (W3C Verifiable Credentials 2.0): the issuer, the holder by name
/// only, the scheme as the achievement, the hours and the training it rests on as evidence, the validity dates,
/// and its one `credentialStatus` entry, for revocation.
public enum CertificateCredential {
    public static let contexts: [JSONValue] = [
        .string("https://www.w3.org/ns/credentials/v2"),
        .string("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
    ]

    /// The unsigned document. Dates are Riga days: valid from the first second of `validFrom` to the last of `validUntil`.
    public static func document(for certificate: Certificate, issuer: IssuerProfile) -> JSONObject {
        var subject: JSONObject = [
            "type": .array([.string("AchievementSubject")]),
            // The holder is named, never identified by personal code or e-mail.
            "identifier": .array([.object([
                "type": .string("IdentityObject"), "identityType": .string("name"), "hashed": .bool(false),
                "identityHash": .string(certificate.holderName),
            ])]),
            "achievement": .object([
                "id": .string(issuer.achievementURL(scheme: certificate.schemeCode, version: certificate.schemeVersion)),
                "type": .array([.string("Achievement")]),
                "achievementType": .string("Certificate"),
                "name": .string(certificate.schemeTitle),
                "description": .string("\(certificate.schemeTitle) (\(certificate.schemeCode), version \(certificate.schemeVersion))"),
                "criteria": .object(["narrative": .string(
                    "The requirements of certification scheme \(certificate.schemeCode) version \(certificate.schemeVersion), as the issuer's records show them met."
                )]),
            ]),
        ]
        if certificate.academicHours > 0 { subject["creditsEarned"] = .number(certificate.academicHours) }
        var document: JSONObject = [
            "@context": .array(contexts),
            "id": .string("urn:uuid:\(certificate.id.lowercasedString)"),
            "type": .array([.string("VerifiableCredential"), .string("OpenBadgeCredential")]),
            "name": .string("\(certificate.schemeTitle) — \(certificate.number)"),
            "issuer": .object(["id": .string(issuer.did), "type": .array([.string("Profile")]), "name": .string(issuer.name)]),
            "validFrom": .string(DateTimeStamp.string(RigaTime.startOfDay(certificate.validFrom))),
            "credentialSubject": .object(subject),
            "credentialStatus": .object([
                "id": .string("\(issuer.statusListURL(certificate.statusListID))#\(certificate.statusListIndex)"),
                "type": .string("BitstringStatusListEntry"),
                "statusPurpose": .string("revocation"),
                "statusListIndex": .string(String(certificate.statusListIndex)),
                "statusListCredential": .string(issuer.statusListURL(certificate.statusListID)),
            ]),
        ]
        if let until = certificate.validUntil {
            document["validUntil"] = .string(DateTimeStamp.string(RigaTime.startOfDay(until.adding(days: 1)).addingTimeInterval(-1)))
        }
        if !certificate.basis.isEmpty {
            document["evidence"] = .array(certificate.basis.map { basis in
                .object([
                    "type": .array([.string("Evidence")]),
                    "name": .string(basis.title),
                    "description": .string("\(basis.courseCode ?? "training elsewhere"), \(ECMAScriptNumber.string(basis.academicHours)!) academic hours, completed \(basis.completedOn)"),
                ])
            })
        }
        // The certificate number, where people read it and the verification link.
        document["description"] = .string("Certificate \(certificate.number). Check it at \(issuer.verificationURL(code: certificate.verificationCode)).")
        return document
    }

    /// The revocation list as a signed Bitstring Status List credential.
    public static func statusList(id: Int, list: BitstringStatusList, issuer: IssuerProfile, validFrom: Date) -> JSONObject {
        [
            "@context": .array([.string("https://www.w3.org/ns/credentials/v2")]),
            "id": .string(issuer.statusListURL(id)),
            "type": .array([.string("VerifiableCredential"), .string("BitstringStatusListCredential")]),
            "issuer": .string(issuer.did),
            "validFrom": .string(DateTimeStamp.string(validFrom)),
            "credentialSubject": .object([
                "id": .string("\(issuer.statusListURL(id))#list"),
                "type": .string("BitstringStatusList"),
                "statusPurpose": .string("revocation"),
                "encodedList": .string(list.encoded()),
            ]),
        ]
    }
}

@testable import App
import Certificates
import Core
import Credentials
import Foundation
import HTTPTypes
import Platform
import Testing
import TestSupport

/// Certificates over real HTTP: issuing with Idempotency-Key, public verification that shows no personal data,
/// the status list with caching headers, the DID document, and a credential posted back for checking.
@Suite(.freshDatabase) struct CertificatesAPITests {
    @Test func issueVerifyAndCheckACredentialOverHTTP() async throws {
        let keys = try await CertificateFixture.keyFolder()
        try await withAPI(configure: { $0.keysDirectory = keys; $0.issuer = IssuerProfile(publicURL: "https://pilnveide.example.lv") }) { api, directory in
            let services = try await Services(database: try FreshDatabase.current.database)
            let code = "API-\(UUID().uuidString.prefix(6))"
            _ = try await services.schemes.importSchemes(try CertificationServiceTests().scheme(code: code), by: .operator_("test"))
            let officer = try await api.token(for: directory.officer)
            let member = try await api.token(for: directory.memberA)
            let body = try jsonBody(["personId": directory.memberA.personID.uuidString, "schemeCode": code, "overrideReason": "Agrāk izsniegts papīra sertifikāts"])

            try await api.request(.post, "/v1/certificates", token: member, json: body).expectProblem(.forbidden, type: "forbidden")
            let issued = try await api.request(.post, "/v1/certificates", token: officer, json: body, headers: [HTTPField.Name("Idempotency-Key")!: "sēde-7"])
            #expect(issued.status == .created, "\(issued.text)")
            let number = try #require(issued["number"])
            let again = try await api.request(.post, "/v1/certificates", token: officer, json: body, headers: [HTTPField.Name("Idempotency-Key")!: "sēde-7"])
            #expect(again.status == .ok && again["number"] == number)
            try await api.request(.post, "/v1/certificates", token: officer, json: #"{"personId": "\#(directory.memberA.personID)", "schemeCode": ""}"#)
                .expectProblem(.unprocessableContent, type: "validation")

            // Anyone may verify, by number or by the code of its link, and learns nothing personal.
            let verified = try await api.request(.get, "/v1/verify/\(number)")
            #expect(verified.status == .ok && verified["answer"] == "valid" && verified["holderName"] == "Māra Bērziņa")
            #expect(!verified.text.contains(directory.memberA.email) && !verified.text.contains(directory.memberA.personID.uuidString.lowercased())
                    && !verified.text.contains("personId"))
            let link = try #require(issued["verificationUrl"])
            #expect(link.hasPrefix("https://pilnveide.example.lv/verify/"))
            let byCode = try await api.request(.get, "/v1/verify/\(link.split(separator: "/").last!)")
            #expect(byCode["answer"] == "valid" && byCode["number"] == number)
            let unknown = try await api.request(.get, "/v1/verify/BAC-2026-999999")
            #expect(unknown.status == .ok && unknown["answer"] == "unknown")

            // The holder downloads the credential and anyone can post it back for checking.
            let credential = try await api.request(.get, "/v1/certificates/\(number)/credential", token: member, headers: [.accept: "application/vc"])
            #expect(credential.status == .ok && credential.headers[.contentType] == "application/vc")
            for contentType in ["application/vc", "application/json"] {
                let report = try await api.request(.post, "/v1/verify", json: credential.text, contentType: contentType)
                let verified = try report.json["verified"] as? Bool
                #expect(report.status == .ok && verified == true, "\(contentType): \(report.text)")
            }
            let broken = try await api.request(.post, "/v1/verify", json: credential.text.replacingOccurrences(of: "Māra", with: "Anna"), contentType: "application/vc")
            let brokenVerified = try broken.json["verified"] as? Bool
            #expect(brokenVerified == false && broken.text.contains("the signature does not match the document"))

            // Suspending or revoking says why, and reinstating keeps the suspension's kind: the contract says so.
            for body in [#"{"action": "revoke", "reason": "Kļūda"}"#, #"{"action": "reinstate", "kind": "for_cause", "reason": "Kļūda"}"#] {
                try await api.request(.post, "/v1/certificates/\(number)/state-changes", token: officer, json: body)
                    .expectProblem(.badRequest, type: "bad-request")
            }
            // Revoked over HTTP: verification says so, and the status list (cached, with an ETag) shows the bit.
            let revoked = try await api.request(.post, "/v1/certificates/\(number)/state-changes", token: officer,
                                                json: #"{"action": "revoke", "kind": "issued_in_error", "reason": "Izsniegts kļūdaini"}"#)
            #expect(revoked.status == .ok && revoked["state"] == "revoked" && revoked["stateKind"] == "issued_in_error")
            #expect(try await api.request(.get, "/v1/verify/\(number)")["answer"] == "revoked")
            let listURL = try #require(issued["statusListCredential"])
            let path = String(listURL.dropFirst("https://pilnveide.example.lv".count))
            let list = try await api.request(.get, path)
            #expect(list.status == .ok && list.headers[.cacheControl] == "public, max-age=300" && list.headers[.lastModified] != nil, "\(list.status) \(list.headers) \(list.text.prefix(300))")
            let etag = try #require(list.headers[.eTag])
            let encoded = try #require(try StrictJSONParser.parse(list.text)["credentialSubject"]?["encodedList"]?.stringValue)
            let index = try #require(try issued.json["statusListIndex"] as? Int)
            #expect(try BitstringStatusList(encoded: encoded).setIndices.contains(index))
            #expect(try await api.request(.get, path, headers: [.ifNoneMatch: etag]).status == .notModified)
            try await api.request(.get, "/v1/status-lists/999").expectProblem(.notFound, type: "not-found")

            // A list, all or nothing: member B has met nothing, so the batch names them and issues no one.
            let batch = #"{"schemeCode": "\#(code)", "personIds": ["\#(directory.chairpersonA.personID)", "\#(directory.memberB.personID)"]}"#
            let refusedBatch = try await api.request(.post, "/v1/certificates/batches", token: officer, json: batch)
            try refusedBatch.expectProblem(.unprocessableContent, type: "validation")
            #expect(refusedBatch.text.contains("personIds[1]") && refusedBatch.text.contains("personIds[0]"))
            #expect(try await services.certificates.certificates(of: directory.chairpersonA.personID, by: .operator_("test")).isEmpty)
            let overridden = batch.dropLast() + #", "overrideReason": "Komisijas sēde Nr. 4"}"#
            let issuedBatch = try await api.request(.post, "/v1/certificates/batches", token: officer, json: String(overridden))
            #expect(issuedBatch.status == .created, "\(issuedBatch.text)")
            #expect(issuedBatch.text.components(separatedBy: "\"number\"").count == 3)

            // The issuer's keys, for anyone verifying offline.
            let did = try await api.request(.get, "/.well-known/did.json")
            #expect(did.status == .ok && did["id"] == "did:web:pilnveide.example.lv" && did.text.contains("z6Mk"))
        }
    }

    /// Verification answers from copies; a certificate suspended by another process (another instance, or the CLI)
    /// reaches them as soon as its notification arrives, here within two seconds.
    @Test func aChangeMadeByAnotherProcessReachesVerification() async throws {
        let keys = try await CertificateFixture.keyFolder()
        try await withAPI(configure: { $0.keysDirectory = keys; $0.issuer = CertificateFixture.profile }) { api, directory in
            // Services of their own, as another process has: this server hears of their change only from PostgreSQL.
            let elsewhere = try await Services(database: try FreshDatabase.current.database)
            let code = "API-\(UUID().uuidString.prefix(6))"
            _ = try await elsewhere.schemes.importSchemes(try CertificationServiceTests().scheme(code: code), by: .operator_("test"))
            let officer = try await api.token(for: directory.officer)
            let body = try jsonBody(["personId": directory.memberA.personID.uuidString, "schemeCode": code, "overrideReason": "Agrāk izsniegts papīra sertifikāts"])
            let number = try #require(try await api.request(.post, "/v1/certificates", token: officer, json: body)["number"])
            for _ in 0..<3 { #expect(try await api.request(.get, "/v1/verify/\(number)")["answer"] == "valid") }

            _ = try await elsewhere.certificates.change(number, .suspend, kind: .forCause, reason: "Pārbaude", by: .caller(directory.officer))
            var answer: String?
            for _ in 0..<80 {
                answer = try await api.request(.get, "/v1/verify/\(number)")["answer"]
                if answer == "suspended" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(answer == "suspended")
        }
    }
}

/// Public verification is limited per address, counted in the database.
@Suite(.freshDatabase) struct VerificationRateLimitTests {
    @Test func anAddressOverTheLimitIsToldWhenToComeBack() async throws {
        try await withAPI(configure: { $0.verificationRequestsPerMinute = 3 }) { api, _ in
            // Counted in minute windows: the fourth request in one is refused. A window may end in between (once,
            // in a slow run): then up to three answered ones were counted in the window before.
            var answered = 0
            var refused: APIResponse?
            while refused == nil && answered < 7 {
                let response = try await api.request(.get, answered % 2 == 0 ? "/v1/verify/BAC-2026-000001" : "/verify/BAC-2026-000001")
                if response.status == .tooManyRequests { refused = response } else { answered += 1 }
            }
            let refusal = try #require(refused)
            #expect((3...6).contains(answered))
            try refusal.expectProblem(.tooManyRequests, type: "rate-limited")
            #expect(Int(refusal.headers[.retryAfter] ?? "").map { (1...60).contains($0) } == true)
            // Other endpoints are not counted.
            #expect(try await api.request(.get, "/health").status == .ok)
        }
    }

    @Test func anIPv6SubscriberIsCountedByTheirWholeNetwork() {
        #expect(PublicRateLimitMiddleware.network(of: "2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64")
        #expect(PublicRateLimitMiddleware.network(of: "2001:DB8:1:2:3:4:5:6") == "2001:db8:1:2::/64")
        #expect(PublicRateLimitMiddleware.network(of: "2001:db8::7") == "2001:db8:0:0::/64")
        #expect(PublicRateLimitMiddleware.network(of: "::1") == "0:0:0:0::/64")
        #expect(PublicRateLimitMiddleware.network(of: "192.0.2.7") == "192.0.2.7")
    }
}

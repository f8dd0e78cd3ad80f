import App
import Certificates
import Certification
import Core
import Credentials
import Database
import Directory
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport

/// Issuing on a person's status, numbering without gaps under concurrency, idempotent retries, state changes
/// with their status-list bit, verification, key rotation, and who may do and see what.
@Suite(.freshDatabase) struct CertificateServiceTests {
    func day(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    @Test func issuedOnlyOnTheStatusOrWithAReasonAndOncePerCertification() async throws {
        let fixture = try await CertificateFixture.make()
        let certificates = fixture.services.certificates
        let officer = Principal.caller(fixture.directory.officer)
        await #expect(throws: ServiceError.forbidden("only inspectorate officers issue certificates")) {
            try await certificates.issue(.init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme),
                                         by: .caller(fixture.directory.chairpersonA))
        }
        let (issued, created) = try await certificates.issue(.init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme), by: officer)
        #expect(created && issued.holderName == "Māra Bērziņa" && issued.schemeVersion == 1)
        #expect(issued.validFrom == day("2026-04-10") && issued.validUntil == day("2031-04-09") && issued.academicHours == 16)
        #expect(issued.basis.map(\.title) == ["Bērna tiesības 2026-04-01", "Bērna tiesības 2026-04-10"] && issued.overrideReason == nil)
        let number = try #require(CertificateNumber(issued.number))
        #expect(number.prefix == "BAC" && number.year == CalendarDate.today().year && issued.number.count == "BAC-2026-000001".count)
        await #expect(throws: ServiceError.conflict("\(issued.number) already certifies this until 2031-04-09")) {
            try await certificates.issue(.init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme), by: officer)
        }
        // Court B's member has done nothing: refused, unless an officer gives a reason, which the certificate keeps.
        do {
            _ = try await certificates.issue(.init(personID: fixture.directory.memberB.personID, schemeCode: fixture.scheme), by: officer)
            Issue.record("issued without the requirements met")
        } catch let error as ServiceError {
            #expect(error.description.hasPrefix("cannot issue: the person's status is expired, not certified"))
        }
        let overridden = try await certificates.issue(
            .init(personID: fixture.directory.memberB.personID, schemeCode: fixture.scheme, overrideReason: "Komisijas lēmums Nr. 7"), by: officer
        ).certificate
        #expect(overridden.overrideReason == "Komisijas lēmums Nr. 7" && overridden.validFrom == CalendarDate.today())
        // Filtered to this certificate: the suite's other tests write certificate events meanwhile.
        let audit = try await fixture.services.auditLog.events(AuditFilter(action: "certificate.", subjectID: overridden.number), page: PageRequest(),
                                                               by: .caller(fixture.directory.administrator))
        #expect(audit.items.first { $0.action == "certificate.issued" }?.details["overrideReason"] == "Komisijas lēmums Nr. 7")
    }

    @Test func fiftyConcurrentIssuesLeaveNoGapInTheNumbersAndARetryGetsTheSameOne() async throws {
        let fixture = try await CertificateFixture.make()
        let officer = Principal.caller(fixture.directory.officer)
        var created: [UUID] = []
        for index in 0..<50 {
            created.append(try await fixture.services.directory.createPerson(
                PersonDraft(givenName: "Persona \(index)", familyName: "Kalniņa", position: "orphans_court_member",
                            organisationID: fixture.directory.courtA.id), by: CertificateFixture.op
            ).person.id)
        }
        let people = created
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for person in people {
                group.addTask {
                    try await fixture.services.certificates.issue(
                        .init(personID: person, schemeCode: fixture.scheme, overrideReason: "pārbaude"), idempotencyKey: "k-\(person)", by: officer
                    ).certificate.number
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let sequences = numbers.compactMap { CertificateNumber($0)?.sequence }.sorted()
        #expect(Set(numbers).count == 50 && sequences.count == 50)
        // The suite's other tests issue at the same time and share the year's numbering, so numbers between ours may be
        // theirs: the claim is that none between our first and last is missing, whoever holds it.
        let year = try #require(CertificateNumber(numbers[0])).year
        let held = try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(
                "SELECT count(*)::int FROM certificates WHERE year = \(year) AND sequence BETWEEN \(sequences.first!) AND \(sequences.last!)",
                logger: TestDatabase.logger
            ).collect()[0].decode(Int.self)
        }
        #expect(held == sequences.last! - sequences.first! + 1)
        // A retry with the same key returns the same certificate, also when two retries race; another request with it is refused.
        let retries = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let (certificate, created) = try await fixture.services.certificates.issue(
                        .init(personID: people[0], schemeCode: fixture.scheme, overrideReason: "pārbaude"), idempotencyKey: "k-\(people[0])", by: officer)
                    return (certificate.number, created)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(retries.allSatisfy { !$0.1 } && Set(retries.map(\.0)).count == 1 && numbers.contains(retries[0].0))
        await #expect(throws: ServiceError.conflict("this Idempotency-Key was used for another request (\(retries[0].0))")) {
            try await fixture.services.certificates.issue(.init(personID: people[1], schemeCode: fixture.scheme, overrideReason: "cits"),
                                                          idempotencyKey: "k-\(people[0])", by: officer)
        }
        // Two idempotent first requests at once issue one certificate.
        let person = people[2]
        _ = try await fixture.services.certificates.change(
            try await fixture.services.certificates.certificates(of: person, by: officer)[0].number, .revoke, kind: .issuedInError, reason: "atkārtoti", by: officer)
        let racing = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await fixture.services.certificates.issue(.init(personID: person, schemeCode: fixture.scheme, overrideReason: "jauns"),
                                                                  idempotencyKey: "race", by: officer).certificate.number
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(racing).count == 1)
        // Without a key, two officers issuing for one person at once: one certificate, the other told why.
        let person2 = people[3]
        _ = try await fixture.services.certificates.change(
            try await fixture.services.certificates.certificates(of: person2, by: officer)[0].number, .revoke, kind: .issuedInError, reason: "atkārtoti", by: officer)
        let outcomes = await withTaskGroup(of: Result<String, any Error>.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    do {
                        return .success(try await fixture.services.certificates.issue(
                            .init(personID: person2, schemeCode: fixture.scheme, overrideReason: "divi"), by: officer).certificate.number)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.compactMap { try? $0.get() }.count == 1)
        #expect(outcomes.contains { if case .failure(let error) = $0 { "\(error)".contains("revoke it before issuing on an override") } else { false } })
        // Issuing for people while their earlier certificates are revoked: every one completes, none deadlocks.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for person in people[4..<12] {
                group.addTask {
                    let number = try await fixture.services.certificates.certificates(of: person, by: officer)[0].number
                    _ = try await fixture.services.certificates.change(number, .revoke, kind: .issuedInError, reason: "aizstāts", by: officer)
                }
                group.addTask {
                    do {
                        _ = try await fixture.services.certificates.issue(.init(personID: person, schemeCode: fixture.scheme, overrideReason: "jauns"),
                                                                          by: officer)
                    } catch let error as ServiceError {
                        guard case .conflict = error else { throw error }  // before the revocation: refused, as it should be
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// An expired certificate is still superseded by the next one: issuing locks it first, so revoking it at the
    /// same time waits instead of deadlocking.
    @Test func issuingWhileAnExpiredCertificateIsRevokedDoesNotDeadlock() async throws {
        let fixture = try await CertificateFixture.make()
        let officer = Principal.caller(fixture.directory.officer)
        var rows = "number,email,scheme,valid_from,valid_until\n"
        var created: [UUID] = []
        for index in 0..<8 {
            let email = "derigs-\(index)-\(UUID().uuidString.prefix(6))@example.lv"
            created.append(try await fixture.services.directory.createPerson(
                PersonDraft(givenName: "Beidzies \(index)", familyName: "Ozola", email: email, position: "orphans_court_member",
                            organisationID: fixture.directory.courtA.id), by: CertificateFixture.op).person.id)
            rows += "OLD-\(index)-\(UUID().uuidString.prefix(6)),\(email),\(fixture.scheme),2020-02-01,2025-01-31\n"
        }
        _ = try await fixture.services.certificates.importIssued(csv: rows, by: officer)
        let people = created
        try await withThrowingTaskGroup(of: Void.self) { group in
            for person in people {
                let old = try await fixture.services.certificates.certificates(of: person, by: officer)[0]
                #expect(old.state(on: .today()) == .expired)
                group.addTask { _ = try await fixture.services.certificates.change(old.number, .revoke, kind: .issuedInError, reason: "atsaukts", by: officer) }
                group.addTask {
                    _ = try await fixture.services.certificates.issue(.init(personID: person, schemeCode: fixture.scheme, overrideReason: "jauns"),
                                                                      by: officer)
                }
            }
            try await group.waitForAll()
        }
        for person in people {
            #expect(try await fixture.services.certificates.certificates(of: person, by: officer).map { $0.state(on: .today()) }.sorted { $0.rawValue < $1.rawValue }
                    == [.active, .revoked])
        }
    }

    @Test func theCredentialVerifiesAndAnyChangeFailsItsProof() async throws {
        let fixture = try await CertificateFixture.make()
        let issued = try await fixture.services.certificates.issue(
            .init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme), by: .caller(fixture.directory.officer)).certificate
        // The holder downloads it; another member may not.
        let text = try await fixture.services.certificates.credential(issued.number, by: .caller(fixture.directory.memberA))
        await #expect(throws: ServiceError.self) { try await fixture.services.certificates.credential(issued.number, by: .caller(fixture.directory.memberB)) }
        let credential = try StrictJSONParser.parse(text)
        #expect(credential["type"]?.arrayValue == [.string("VerifiableCredential"), .string("OpenBadgeCredential")])
        #expect(credential["issuer"]?["id"]?.stringValue == "did:web:pilnveide.example.lv")
        #expect(credential["validFrom"]?.stringValue == "2026-04-09T21:00:00Z" && credential["validUntil"]?.stringValue == "2031-04-09T20:59:59Z")
        #expect(credential["credentialSubject"]?["creditsEarned"] == .number(16))
        #expect(credential["credentialStatus"]?["statusListIndex"]?.stringValue == String(issued.statusListIndex))
        #expect(!text.contains(fixture.directory.memberA.email) && !text.contains(fixture.directory.memberA.personID.uuidString.lowercased()))

        let report = try await fixture.services.verification.verifyCredential(Array(text.utf8))
        #expect(report.verified && report.checks.map(\.name) == [.json, .proof, .issuer, .status, .suspension, .dates])
        #expect(report.verification?.answer == .valid)
        // Any single field changed: the proof check fails and says so.
        let document = try #require(credential.objectValue)
        for name in document.names where name != "proof" {
            var changed = document
            changed[name] = .string("mainīts")
            let tampered = try await fixture.services.verification.verifyCredential(try CanonicalJSON.bytes(.object(changed)))
            #expect(!tampered.verified && tampered.checks.last?.name == .proof, "changing \(name) went unnoticed")
        }
        var renamed = document
        var subject = try #require(document["credentialSubject"]?.objectValue)
        subject["identifier"] = .array([.object(["type": .string("IdentityObject"), "identityType": .string("name"), "hashed": .bool(false),
                                                 "identityHash": .string("Cits Vārds")])])
        renamed["credentialSubject"] = .object(subject)
        let forged = try await fixture.services.verification.verifyCredential(try CanonicalJSON.bytes(.object(renamed)))
        #expect(forged.checks.last == .init(name: .proof, passed: false, detail: "the signature does not match the document"))
        #expect(try await fixture.services.verification.verifyCredential(Array("{\"a\":1,\"a\":2}".utf8)).checks.map(\.name) == [.json])
        // Past its last day it no longer passes the dates check.
        let later = try await fixture.services.verification.verifyCredential(Array(text.utf8), now: try RigaTime.instant(from: "2031-04-10T00:00"))
        #expect(!later.verified && later.checks.last?.name == .dates && later.checks.last?.passed == false)
    }

    @Test func revokingFlipsExactlyItsBitAndSuspensionIsAnsweredAndUndone() async throws {
        let fixture = try await CertificateFixture.make()
        let officer = Principal.caller(fixture.directory.officer)
        let first = try await fixture.services.certificates.issue(
            .init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme), by: officer).certificate
        let second = try await fixture.services.certificates.issue(
            .init(personID: fixture.directory.memberB.personID, schemeCode: fixture.scheme, overrideReason: "pārbaude"), by: officer).certificate
        func bits() async throws -> [Int] {
            let list = try StrictJSONParser.parse(try await fixture.services.verification.statusList(first.statusListID).credential)
            return try BitstringStatusList(encoded: try #require(list["credentialSubject"]?["encodedList"]?.stringValue)).setIndices
        }
        // Other tests revoke in the same list meanwhile: look at these two certificates' bits only.
        let before = try await bits()
        #expect(!before.contains(first.statusListIndex) && !before.contains(second.statusListIndex))
        // Signed once per version of the list: asked twice for one version, the same bytes.
        let once = try await fixture.services.verification.statusList(first.statusListID)
        let twice = try await fixture.services.verification.statusList(first.statusListID)
        #expect(once.version != twice.version || once.credential == twice.credential)
        await #expect(throws: ServiceError.forbidden("only inspectorate officers suspend, reinstate or revoke certificates")) {
            try await fixture.services.certificates.change(first.number, .revoke, kind: .forCause, reason: "x", by: .caller(fixture.directory.chairpersonA))
        }
        await #expect(throws: ServiceError.validation([FieldProblem("reason", "is required")])) {
            try await fixture.services.certificates.change(first.number, .revoke, kind: .forCause, reason: " ", by: officer)
        }
        _ = try await fixture.services.certificates.change(first.number, .revoke, kind: .forCause, reason: "Dokumenti viltoti", by: officer)
        let after = try await bits()
        #expect(after.contains(first.statusListIndex) && !after.contains(second.statusListIndex))
        #expect(try await fixture.services.verification.verify(first.number).answer == .revoked)
        // The list is signed, and so verifiable offline like the certificates.
        let list = try StrictJSONParser.parse(try await fixture.services.verification.statusList(first.statusListID).credential)
        let keys = try IssuerKeys.load(from: fixture.keys)
        #expect(throws: Never.self) {
            try EddsaJcs2022.verify(list, now: Date(), key: { keys.publicKey(verificationMethod: $0, did: "did:web:pilnveide.example.lv") }).get()
        }
        // The revoked credential now fails its status check.
        let text = try await fixture.services.certificates.credential(first.number, by: officer)
        let report = try await fixture.services.verification.verifyCredential(Array(text.utf8))
        #expect(report.checks.first { $0.name == .status }?.passed == false && report.verification?.answer == .revoked)
        await #expect(throws: ServiceError.conflict("\(first.number) is revoked; it cannot be reinstated")) {
            try await fixture.services.certificates.change(first.number, .reinstate, reason: "kļūda", by: officer)
        }

        // Suspension is reversible and leaves the list alone.
        _ = try await fixture.services.certificates.change(second.number, .suspend, kind: .forCause, reason: "Pārbaude", by: officer)
        #expect(try await fixture.services.verification.verify(second.verificationCode).answer == .suspended)
        #expect(!(try await bits()).contains(second.statusListIndex))
        _ = try await fixture.services.certificates.change(second.number, .reinstate, reason: "Pārbaude beigusies", by: officer)
        #expect(try await fixture.services.verification.verify(second.number.lowercased()).answer == .valid)
        #expect(try await fixture.services.verification.verify("BAC-1999-000001").answer == .unknown)
        #expect(try await fixture.services.verification.verify(String(repeating: "x", count: 200)).answer == .unknown)

        // The database keeps certificates: no deleting, no rewriting, no un-revoking.
        try await FreshDatabase.current.database.withConnection { connection in
            for statement in ["DELETE FROM certificates", "TRUNCATE certificates CASCADE", "UPDATE certificates SET holder_name = 'X'",
                              "UPDATE certificates SET state = 'active' WHERE number = '\(first.number)'", "DELETE FROM certificate_records",
                              "UPDATE certificates SET state_reason = 'cits' WHERE number = '\(first.number)'",
                              "UPDATE certificates SET superseded_by = id WHERE number = '\(second.number)'",
                              // Clearing a revocation's bit, which would un-revoke it for every verifier.
                              "UPDATE certificate_status_lists SET bits = decode(repeat('00', length(bits)), 'hex')"] {
                await #expect(throws: PSQLError.self, "\(statement)") {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
        }
    }

    @Test func certificatesSignedBeforeARotationStillVerify() async throws {
        let fixture = try await CertificateFixture.make()
        let issued = try await fixture.services.certificates.issue(
            .init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme), by: .caller(fixture.directory.officer)).certificate
        let text = try await fixture.services.certificates.credential(issued.number, by: .caller(fixture.directory.officer))
        let before = try await fixture.services.verification.issuerDocument().methods.map(\.id)
        // Published now, signing at once: the same services, never rebuilt, sign with it and still verify the old one.
        let key = try await fixture.services.issuers.rotate(after: .zero)
        #expect(try await fixture.services.verification.verifyCredential(Array(text.utf8)).verified)
        let document = try await fixture.services.verification.issuerDocument()
        #expect(document.methods.map(\.id) == before + ["did:web:pilnveide.example.lv#\(key.id)"])
        let next = try await fixture.services.certificates.issue(
            .init(personID: fixture.directory.memberB.personID, schemeCode: fixture.scheme, overrideReason: "pārbaude"),
            by: .caller(fixture.directory.officer)).certificate
        let signed = try StrictJSONParser.parse(try #require(next.credential))
        #expect(signed["proof"]?["verificationMethod"]?.stringValue == "did:web:pilnveide.example.lv#\(key.id)")
        // Without the secret of the key that signs, the service says what to do instead of failing obscurely.
        let keyless = try await Services(database: try FreshDatabase.current.database, issuing: .init(profile: CertificateFixture.profile))
        await #expect(throws: ServiceError.unavailable(
            "\(key.id) is the published key that signs now, but /nonexistent has no \(key.id).json; copy it there from the folder of the process that made it"
        )) {
            try await keyless.certificates.issue(.init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme),
                                                 by: .caller(fixture.directory.officer))
        }
    }

    @Test func eachSeesOnlyTheCertificatesTheirRoleAllows() async throws {
        let fixture = try await CertificateFixture.make()
        let issued = try await fixture.services.certificates.issue(
            .init(personID: fixture.directory.memberA.personID, schemeCode: fixture.scheme), by: .caller(fixture.directory.officer)).certificate
        let certificates = fixture.services.certificates
        #expect(try await certificates.certificates(of: fixture.directory.memberA.personID, by: .caller(fixture.directory.memberA)).map(\.number) == [issued.number])
        #expect(try await certificates.certificate(issued.number, by: .caller(fixture.directory.chairpersonA)).number == issued.number)
        await #expect(throws: ServiceError.self) { try await certificates.certificate(issued.number, by: .caller(fixture.directory.memberB)) }
        await #expect(throws: ServiceError.self) { try await certificates.certificates(of: fixture.directory.memberA.personID, by: .caller(fixture.directory.memberB)) }
        // A chairperson sees the court's certificates, but downloads no one's credential.
        await #expect(throws: ServiceError.forbidden("a credential is for its holder to download")) {
            try await certificates.credential(issued.number, by: .caller(fixture.directory.chairpersonA))
        }
        // Unknown numbers: 404 for the inspectorate, and the same refusal as a real one for others (no probing).
        await #expect(throws: ServiceError.notFound("no certificate has number BAC-2026-999999")) {
            try await certificates.certificate("BAC-2026-999999", by: .caller(fixture.directory.officer))
        }
        await #expect(throws: ServiceError.forbidden("a certificate's record is for its holder, their court's chairperson and the inspectorate")) {
            try await certificates.certificate("BAC-2026-999999", by: .caller(fixture.directory.memberB))
        }
    }

    @Test func keyFilesAreCreatedPrivateAndOthersReadableOnesAreRefused() throws {
        let folder = TestScratch.folder.appendingPathComponent("pilnveide-keys-\(UUID().uuidString)")
        try IssuerKeys.addKey(in: folder)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let file = folder.appendingPathComponent("key-1.json").path
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try IssuerKeys.load(from: folder).keys.map(\.id) == ["key-1"])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(throws: IssuerKeys.Problem("\(file) is readable by others (mode 644); it must be 600")) { try IssuerKeys.load(from: folder) }
    }
}

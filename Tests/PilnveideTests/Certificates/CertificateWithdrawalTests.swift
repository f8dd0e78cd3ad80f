import App
import Certificates
import Certification
import Directory
import Core
import Foundation
import PostgresNIO
import Testing
import TestSupport

/// A certificate withdrawn for cause takes the certification with it; one issued in error leaves the holder's
/// standing alone and is simply replaced.
@Suite(.freshDatabase) struct CertificateWithdrawalTests {
    @Test func forCauseTheStatusFollowsTheCertificateInErrorItStands() async throws {
        let fixture = try await CertificateFixture.make()
        let (certificates, certification) = (fixture.services.certificates, fixture.services.certification)
        let officer = Principal.caller(fixture.directory.officer)
        let person = fixture.directory.memberA.personID
        let today = CalendarDate.today()
        func status() async throws -> CertificationStatus {
            try #require(try await certification.status(of: person, by: officer).statuses.first { $0.schemeCode == fixture.scheme })
        }
        func courtState() async throws -> CertificationStatus.State? {
            let court = try await certification.court(fixture.directory.courtA.id, page: try PageRequest(limit: 100), by: .caller(fixture.directory.chairpersonA))
            return court.items.first { $0.personID == person }?.statuses.first { $0.schemeCode == fixture.scheme }?.state
        }

        let first = try await certificates.issue(.init(personID: person, schemeCode: fixture.scheme), by: officer).certificate
        // Suspending or revoking says why.
        await #expect(throws: ServiceError.validation([
            FieldProblem("kind", "say why: for_cause (the certification itself is withdrawn) or issued_in_error (the certificate was wrong)"),
        ])) {
            try await certificates.change(first.number, .revoke, reason: "Kļūda", by: officer)
        }

        // Issued in error: revoked, the holder still certified, and the replacement needs no override.
        let wrong = try await certificates.change(first.number, .revoke, kind: .issuedInError, reason: "Kļūdains vārds", by: officer)
        #expect(wrong.recordedState == .revoked && wrong.stateKind == .issuedInError)
        let (afterError, courtAfterError) = (try await status(), try await courtState())
        #expect(afterError.state == .certified && courtAfterError == .certified)
        #expect(afterError.explanation.last == "Certificate \(first.number) was withdrawn on \(today) as issued in error (Kļūdains vārds); "
            + "no replacement has been issued yet.")
        let replacement = try await certificates.issue(.init(personID: person, schemeCode: fixture.scheme), by: officer).certificate
        #expect(replacement.overrideReason == nil && replacement.validUntil == CalendarDate(iso8601: "2031-04-09"))
        let replaced = try await status()
        #expect(replaced.explanation.last == "Certificate \(first.number) was withdrawn on \(today) as issued in error (Kļūdains vārds); "
            + "certificate \(replacement.number) replaces it.")

        // Suspended for cause: so is the certification, from today, naming the certificate, for the holder and the court.
        _ = try await certificates.change(replacement.number, .suspend, kind: .forCause, reason: "Pārbaude", by: officer)
        let (suspended, courtSuspended) = (try await status(), try await courtState())
        #expect(suspended.state == .suspended && courtSuspended == .suspended)
        #expect(suspended.explanation.last == "Suspended by the inspectorate from \(today), with certificate \(replacement.number): Pārbaude.")
        // Reinstating the certificate reinstates the certification.
        let reinstated = try await certificates.change(replacement.number, .reinstate, reason: "Pārbaude beigusies", by: officer)
        #expect(reinstated.recordedState == .active && reinstated.stateKind == nil)
        let afterReinstating = try await status().state
        #expect(afterReinstating == .certified)
        await #expect(throws: ServiceError.validation([FieldProblem("kind", "reinstating keeps the suspension's kind; leave it out")])) {
            try await certificates.change(replacement.number, .reinstate, kind: .forCause, reason: "x", by: officer)
        }

        // A certificate's reinstatement undoes only its own suspension: a revocation the inspectorate recorded since stays.
        _ = try await certificates.change(replacement.number, .suspend, kind: .forCause, reason: "Otrā pārbaude", by: officer)
        _ = try await certification.recordOverride(person: person, scheme: fixture.scheme, .init(kind: .revoked, from: today, reason: "Pārkāpums"),
                                                   by: officer)
        _ = try await certificates.change(replacement.number, .reinstate, reason: "Sertifikāts bija kārtībā", by: officer)
        let stillRevoked = try await status()
        #expect(stillRevoked.state == .revoked && stillRevoked.explanation.last == "Revoked by the inspectorate from \(today): Pārkāpums.")
        // The inspectorate reinstates the certification itself.
        _ = try await certification.recordOverride(person: person, scheme: fixture.scheme, .init(kind: .reinstated, from: today, reason: "Pārsūdzēts"),
                                                   by: officer)

        // Revoked for cause: the certification is revoked from today.
        let revoked = try await certificates.change(replacement.number, .revoke, kind: .forCause, reason: "Dokumenti viltoti", by: officer)
        #expect(revoked.stateKind == .forCause)
        let (withdrawn, courtWithdrawn) = (try await status(), try await courtState())
        #expect(withdrawn.state == .revoked && courtWithdrawn == .revoked)
        #expect(withdrawn.explanation.last == "Revoked by the inspectorate from \(today), with certificate \(replacement.number): Dokumenti viltoti.")
        // The national view says so at once, not from the next daily pass.
        let national = try await fixture.services.national.counts(scheme: fixture.scheme, by: officer)
        #expect(national.map(\.state) == [.revoked], "\(national)")

        // The audit trail keeps the kind of each change, and the certification's changes name the certificate.
        let events = try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(
                """
                SELECT action || ' ' || coalesce(details->>'kind', '-') || ' ' || coalesce(details->>'certificate', '-') FROM audit_events
                WHERE (subject_type = 'certificate' AND subject_id = ANY(\([first.number, replacement.number])))
                   OR (subject_type = 'person' AND subject_id = \(person.uuidString))
                ORDER BY id
                """, logger: TestDatabase.logger
            ).collect().map { try $0.decode(String.self) }
        }
        #expect(events.filter { $0.hasPrefix("certification.") || ($0.hasPrefix("certificate.") && !$0.hasPrefix("certificate.issued")) } == [
            "certificate.revoked issued_in_error -",
            "certificate.suspended for_cause -", "certification.suspended - \(replacement.number)",
            "certificate.reinstated for_cause -", "certification.reinstated - \(replacement.number)",
            "certificate.suspended for_cause -", "certification.suspended - \(replacement.number)", "certification.revoked - -",
            "certificate.reinstated for_cause -", "certification.reinstated - -",
            "certificate.revoked for_cause -", "certification.revoked - \(replacement.number)",
        ])
        // A revoked certificate's kind is as final as its state.
        await #expect(throws: PSQLError.self) {
            try await FreshDatabase.current.database.withConnection { connection in
                try await connection.query("UPDATE certificates SET state_kind = 'issued_in_error' WHERE number = \(replacement.number)", logger: TestDatabase.logger)
            }
        }
    }
}

/// The very first certificates on a database with no revocation list yet, issued and imported at once: one
/// list is made, and each certificate gets an index in it (an import and an issue once both made list 1, and
/// one failed; issues alone take turns on the year's number counter, imports do not).
@Suite(.freshDatabase) struct FirstStatusListTests {
    @Test func aFirstImportAndAFirstIssueShareTheOneNewList() async throws {
        let fixture = try await CertificateFixture.make()
        let officer = Principal.caller(fixture.directory.officer)
        var people: [(id: UUID, email: String)] = []
        for index in 0..<16 {
            let email = "pirmais-\(index)-\(UUID().uuidString.prefix(6))@example.lv"
            people.append((try await fixture.services.directory.createPerson(
                PersonDraft(givenName: "Pirmais \(index)", familyName: "Saraksts", email: email, position: "orphans_court_member",
                            organisationID: fixture.directory.courtA.id), by: CertificateFixture.op).person.id, email))
        }
        let certificates = fixture.services.certificates
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, person) in people.enumerated() {
                if index.isMultiple(of: 2) {
                    group.addTask { _ = try await certificates.issue(.init(personID: person.id, schemeCode: fixture.scheme, overrideReason: "pirmais"), by: officer) }
                } else {
                    let row = "number,email,scheme,valid_from,valid_until\nP-\(index)-\(UUID().uuidString.prefix(6)),\(person.email),\(fixture.scheme),2025-02-01,2030-01-31\n"
                    group.addTask { _ = try await certificates.importIssued(csv: row, by: officer) }
                }
            }
            try await group.waitForAll()
        }
        var lists: [Int] = []
        for person in people { lists += try await certificates.certificates(of: person.id, by: officer).map(\.statusListID) }
        #expect(lists.count == 16 && Set(lists) == [1])
    }
}
